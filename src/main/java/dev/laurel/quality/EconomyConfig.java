package dev.laurel.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The platform's own terms for what earns points, which a team's campaign settings cannot lower: points
 * are tokens, so a campaign must check enough of its answers for points to mean honest work.
 */
@ConfigMapping(prefix = "laurel.economy")
public interface EconomyConfig {

    /**
     * Least gold rate + honeypot rate of a campaign whose answers earn points. A team cannot set less
     * (400); a campaign stored below it from before (or by lower defaults) pays 0 points, with the reason.
     */
    @WithDefault("0.05")
    double minGoldRate();
}
