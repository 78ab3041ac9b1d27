package dev.laurel.campaign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "laurel.campaigns")
public interface CampaignConfig {
    /** Accepted answers per task when a campaign does not say. */
    @WithDefault("3")
    int defaultOverlap();
}
