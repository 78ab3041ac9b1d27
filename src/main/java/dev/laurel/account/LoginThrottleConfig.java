package dev.laurel.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on failed sign-ins (see {@link LoginThrottle}). */
@ConfigMapping(prefix = "laurel.login")
public interface LoginThrottleConfig {
    /** Failed sign-ins on one username, each within {@link #window()} of the one before, before it is locked. */
    @WithDefault("5")
    int maxFailures();

    /** A pause this long without a failure starts the username's count over; also the address limit's period. */
    @WithDefault("PT15M")
    Duration window();

    /** The first lockout; each further failure after one doubles it. */
    @WithDefault("PT1M")
    Duration lockout();

    @WithDefault("PT15M")
    Duration maxLockout();

    /** Failed sign-ins from one client address, whatever the usernames, per {@link #window()} (credential stuffing). */
    @WithDefault("50")
    int maxFailuresPerAddress();

    /** Failures older than this are deleted. */
    @WithDefault("P1D")
    Duration keep();
}
