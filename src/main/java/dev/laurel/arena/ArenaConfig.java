package dev.laurel.arena;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "laurel.arena")
public interface ArenaConfig {

    /** Bootstrap rounds behind each 95% interval. */
    @WithDefault("100")
    int bootstrapRounds();

    /** Seed of the bootstrap's resampling: the same votes always give the same intervals. */
    @WithDefault("20240501")
    long seed();

    /**
     * Debounce: a cached leaderboard younger than this is served (marked stale) even when new
     * votes arrived, so a burst of votes and page refreshes costs one recomputation, not one each.
     */
    @WithDefault("10s")
    Duration debounce();

    /** How often cached leaderboards are brought up to date with new votes (a {@code @Scheduled} period). */
    @WithDefault("60s")
    String refreshInterval();

    /**
     * Weight each vote by its labeler's quality multiplier (quality/Reliability) in Bradley-Terry.
     * Off by default: until the quality feature publishes reliabilities every weight is 1 anyway.
     */
    @WithDefault("false")
    boolean reliabilityWeighting();

    /** A cached leaderboard nobody asked for during this long is dropped by the scheduled refresh. */
    @WithDefault("1h")
    Duration idleEviction();

    /**
     * Pair selection follows a campaign's leaderboard once it has this many votes; before that, the
     * intervals say little and pairs are drawn uniformly.
     */
    @WithDefault("30")
    int pairSelectionMinVotes();
}
