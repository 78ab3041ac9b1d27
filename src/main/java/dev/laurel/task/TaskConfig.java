package dev.laurel.task;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "laurel.tasks")
public interface TaskConfig {
    /** How long a labeler holds a task before it returns to the pool. */
    Duration leaseDuration();

    /** How often expired leases are reclaimed (also done on demand when a labeler finds nothing). */
    String reaperInterval();
}
