package dev.laurel.task;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Returns expired leases to the pool on a schedule. */
@ApplicationScoped
public class LeaseReaper {
    private final TaskQueue queue;

    LeaseReaper(TaskQueue queue) {
        this.queue = queue;
    }

    @Scheduled(every = "${laurel.tasks.reaper-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reap() {
        int reclaimed = queue.expireLeases();
        if (reclaimed > 0) {
            Log.infof("Reclaimed %d expired task leases", reclaimed);
        }
    }
}
