package dev.laurel.game;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "laurel.game")
public interface GameConfig {
    /** Missed days a streak forgives within any {@link #streakWindowDays()} consecutive days. */
    @WithDefault("1")
    int streakGraceDays();

    @WithDefault("7")
    int streakWindowDays();

    /** How many of the most recent real answers the admin rule preview re-scores. */
    @WithDefault("20")
    int previewSubmissions();
}
