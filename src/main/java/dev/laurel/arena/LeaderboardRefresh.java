package dev.laurel.arena;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Keeps cached leaderboards up to date with new votes on a schedule (see {@link Leaderboard}). The cache is this
 * process's memory, so every web pod refreshes its own: deliberately no cluster lock.
 */
@ApplicationScoped
public class LeaderboardRefresh {
    private final Leaderboard leaderboard;

    LeaderboardRefresh(Leaderboard leaderboard) {
        this.leaderboard = leaderboard;
    }

    @Scheduled(every = "${laurel.arena.refresh-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        int recomputed = leaderboard.refreshCached();
        if (recomputed > 0) {
            Log.debugf("Recomputed %d leaderboards with new votes", recomputed);
        }
    }
}
