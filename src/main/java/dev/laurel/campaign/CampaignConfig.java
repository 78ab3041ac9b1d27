package dev.laurel.campaign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "laurel.campaigns")
public interface CampaignConfig {
    /** Accepted answers per task when a campaign does not say. */
    @WithDefault("3")
    int defaultOverlap();

    /** How long a labeler holds a task before it returns to the pool, when a campaign does not say. */
    @WithDefault("PT10M")
    java.time.Duration defaultLeaseDuration();
}
