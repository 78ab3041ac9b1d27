package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loop every worker-only queue shares, over a queue held in memory. */
class WorkerQueueTest {
    record Row(long id, int attempt) implements WorkerQueue.Claim {
    }

    /** Rows wait in order; a row in {@code unsure} cannot be decided now (process answers false). */
    static final class Rows implements WorkerQueue.Work<Row> {
        final Deque<Row> waiting = new ArrayDeque<>();
        final List<Long> done = new ArrayList<>();
        final List<String> givenUp = new ArrayList<>();
        final List<Long> unsure = new ArrayList<>();
        final CountDownLatch emptied = new CountDownLatch(1);

        @Override
        public Optional<Row> claim(Long only) {
            if (only != null) {
                Optional<Row> row = waiting.stream().filter(r -> r.id() == only).findFirst();
                row.ifPresent(waiting::remove);
                return row;
            }
            Optional<Row> row = Optional.ofNullable(waiting.poll());
            if (row.isEmpty()) {
                emptied.countDown();
            }
            return row;
        }

        @Override
        public boolean process(Row claim) {
            if (unsure.contains(claim.id())) {
                return false;
            }
            done.add(claim.id());
            return true;
        }

        @Override
        public void giveUp(Row claim, int attempts) {
            givenUp.add(claim.id() + " after " + attempts);
        }
    }

    @Test
    void aWorkerWorksOffEveryWaitingRowAndCountsThoseItDecided() {
        Rows rows = new Rows();
        rows.waiting.addAll(List.of(new Row(1, 1), new Row(2, 1), new Row(3, 1)));
        rows.unsure.add(2L);
        WorkerQueue<Row> queue = new WorkerQueue<>("test-queue", 3, new Roles("worker"), rows);
        assertEquals(2, queue.runWaiting());
        assertEquals(List.of(1L, 3L), rows.done);
        assertTrue(rows.waiting.isEmpty());
    }

    @Test
    void aRowClaimedMoreOftenThanAllowedIsGivenUpNotWorked() {
        Rows rows = new Rows();
        rows.waiting.addAll(List.of(new Row(1, 3), new Row(2, 4)));
        WorkerQueue<Row> queue = new WorkerQueue<>("test-queue", 3, new Roles("worker"), rows);
        assertEquals(2, queue.runWaiting());
        assertEquals(List.of(1L), rows.done, "the third claim is still worked");
        assertEquals(List.of("2 after 3"), rows.givenUp, "the fourth is given up");
    }

    @Test
    void aProcessWithoutTheWorkerRoleNeverWorksTheQueueUnlessATestPlaysTheWorker() throws Exception {
        Rows rows = new Rows();
        rows.waiting.addAll(List.of(new Row(1, 1), new Row(2, 1)));
        WorkerQueue<Row> queue = new WorkerQueue<>("test-queue", 3, new Roles("web"), rows);
        IllegalStateException refused = assertThrows(IllegalStateException.class, queue::runWaiting);
        assertTrue(refused.getMessage().contains("Only a worker-role process"), refused.getMessage());
        queue.wake();
        assertFalse(rows.emptied.await(300, TimeUnit.MILLISECONDS), "a web process's wake-up claims nothing");
        assertEquals(List.of(), rows.done);

        assertTrue(queue.runNow(2));
        assertEquals(List.of(2L), rows.done);
        assertFalse(queue.runNow(2), "a row that no longer waits");
        queue.close();
    }

    @Test
    void aWakeUpInAWorkerWorksOffTheQueueOnItsOwnThread() throws Exception {
        Rows rows = new Rows();
        rows.waiting.addAll(List.of(new Row(1, 1), new Row(2, 1)));
        WorkerQueue<Row> queue = new WorkerQueue<>("test-queue", 3, new Roles("web,worker"), rows);
        queue.wake();
        assertTrue(rows.emptied.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(1L, 2L), rows.done);
        queue.close();
    }

    @Test
    void aLongReasonIsCutToWhatARowKeeps() {
        assertEquals("short", WorkerQueue.reason("short"));
        String cut = WorkerQueue.reason("x".repeat(5000));
        assertEquals(WorkerQueue.MAX_REASON, cut.length());
        assertTrue(cut.endsWith("…"));
    }
}
