package dev.laurel.quality;

import dev.laurel.Fixtures;
import dev.laurel.account.User;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.task.TaskQueue;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lease + answer throughput of the real queue on PostgreSQL (gold mixed in, dynamic overlap on),
 * called as the REST resource calls it, from concurrent labeler threads. Prints numbers; asserts
 * nothing about time. Not picked up by the normal test run (no "Test" suffix): run {@code bench/quality.sh}.
 */
@QuarkusTest
class QueueThroughputBench {
    @Inject
    TaskQueue queue;

    @Test
    void leaseAndAnswerThroughput() throws Exception {
        int tasks = Integer.getInteger("bench.tasks", 1000);
        int threads = Integer.getInteger("bench.threads", 16);
        int overlap = 3;
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, tasks, overlap, 20);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.05, "honeypotRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        List<User> labelers = new ArrayList<>();
        for (int i = 0; i < threads * 2; i++) {
            String name = Fixtures.labeler().username();
            labelers.add(QuarkusTransaction.requiringNew().call(() -> User.findByUsername(name)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            List<User> mine = labelers.subList(2 * t, 2 * t + 2);
            runs.add(pool.submit(() -> {
                int answered = 0;
                for (int turn = 0; ; turn++) {
                    User labeler = mine.get(turn % 2);
                    var task = queue.lease(labeler, campaign);
                    if (task.isEmpty()) {
                        task = queue.lease(mine.get((turn + 1) % 2), campaign);
                        if (task.isEmpty()) {
                            return answered;
                        }
                        labeler = mine.get((turn + 1) % 2);
                    }
                    queue.answer(labeler, campaign, task.get().taskId(), new AnswerRequest(Choice.A, null));
                    answered++;
                }
            }));
        }
        int answered = 0;
        for (Future<Integer> run : runs) {
            answered += run.get(600, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("BENCH queue tasks               %d (overlap %d, 20 gold items, gold rate 5%%)%n", tasks, overlap);
        System.out.printf("BENCH queue threads             %d%n", threads);
        System.out.printf("BENCH queue answers             %d in %.2f s%n", answered, seconds);
        System.out.printf("BENCH queue lease+answer per s  %.0f%n", answered / seconds);
    }
}
