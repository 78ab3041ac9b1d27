package dev.laurel.task;

import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Returns expired leases to the pool on a schedule. */
@ApplicationScoped
public class LeaseReaper {
    private final TaskQueue queue;
    private final ClusterLock locks;
    private final boolean isWeb;

    LeaseReaper(TaskQueue queue, ClusterLock locks, Roles roles) {
        this.queue = queue;
        this.locks = locks;
        this.isWeb = roles.isWeb();
    }

    @Scheduled(every = "${laurel.tasks.reaper-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        if (!isWeb) {
            return;
        }
        // harmless twice (an update of expired rows), but one pod per tick is enough
        locks.runExclusively("task.lease-reaper", () -> {
            int reclaimed = queue.expireLeases();
            if (reclaimed > 0) {
                Log.infof("Reclaimed %d expired task leases", reclaimed);
            }
        });
    }
}
