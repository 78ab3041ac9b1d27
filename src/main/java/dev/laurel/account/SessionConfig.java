package dev.laurel.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long a login lasts (see {@link LoginSessions}). */
@ConfigMapping(prefix = "laurel.session")
public interface SessionConfig {
    /** A session unused this long ends. */
    @WithDefault("PT8H")
    Duration idleTimeout();

    /** A session ends this long after its login, however busy: a copied cookie is worth a working day at most. */
    @WithDefault("PT12H")
    Duration absoluteLifetime();
}
