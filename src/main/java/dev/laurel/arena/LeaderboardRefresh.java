package dev.laurel.arena;

import dev.laurel.platform.Roles;
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
    private final boolean isWeb;

    LeaderboardRefresh(Leaderboard leaderboard, Roles roles) {
        this.leaderboard = leaderboard;
        this.isWeb = roles.isWeb(); // only web pods serve boards, so only they cache them
    }

    @Scheduled(every = "${laurel.arena.refresh-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (!isWeb) {
            return;
        }
        int recomputed = leaderboard.refreshCached();
        if (recomputed > 0) {
            Log.debugf("Recomputed %d leaderboards with new votes", recomputed);
        }
    }
}
