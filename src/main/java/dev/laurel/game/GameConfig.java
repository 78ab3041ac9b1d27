package dev.laurel.game;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /**
     * Settlement: points become payable this long after they were earned (or released from probation). An answer
     * dropped within it is reversed before it is paid; an epoch is computed only once its window plus this has passed.
     */
    @WithDefault("72h")
    Duration settlementDelay();

    /** Probation of new labelers: their points are pending until their gold record releases them. */
    ProbationConfig probation();

    interface ProbationConfig {
        /** Gold answers a labeler needs before their points are released; 0 turns probation off. */
        @WithDefault("10")
        int minGold();

        /** The lower end of the 95 % interval of gold accuracy that releases points (and the upper end that reverses them). */
        @WithDefault("0.6")
        double minAccuracy();

        /**
         * A labeler who stopped answering is judged again by the schedule; points still pending this long after the
         * oldest of them was earned are decided on the evidence there is ({@link Probation#decide}).
         */
        @WithDefault("30d")
        Duration decideAfter();
    }
}
