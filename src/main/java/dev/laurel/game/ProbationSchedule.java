package dev.laurel.game;

import dev.laurel.platform.ClusterLock;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Judges probation again for labelers who stopped answering ({@link PointsLedger#settleProbation}): without it their
 * pending points would wait for an answer that never comes. Once per cluster (the verdict is the same on every pod).
 */
@ApplicationScoped
public class ProbationSchedule {
    static final String JOB = "game.probation";

    private final PointsLedger ledger;
    private final ClusterLock locks;

    ProbationSchedule(PointsLedger ledger, ClusterLock locks) {
        this.ledger = ledger;
        this.locks = locks;
    }

    @Scheduled(every = "${laurel.game.probation.sweep-interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        locks.runExclusively(JOB, () -> {
            int settled = ledger.settleProbation(Instant.now());
            if (settled > 0) {
                Log.infof("Probation settled for %d labelers who had stopped answering", settled);
            }
        });
    }
}
