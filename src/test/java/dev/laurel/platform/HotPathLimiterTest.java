package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The bulkhead lets N calls in at once, queues the next, and turns a wait past its limit into a 503 cause;
 * N halves while the event consumers lag past the target and grows back once they keep up.
 */
class HotPathLimiterTest {

    @Test
    void aCallBeyondTheLimitWaitsForATurnThenGivesUpAsOverload() throws Exception {
        HotPathLimiter limiter = new HotPathLimiter(new HotPathAdmission(2, 1, Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        CountDownLatch bothInside = new CountDownLatch(2);
        Call holding = new Call(() -> {
            inside.incrementAndGet();
            bothInside.countDown();
            release.await();
            return "done";
        });
        CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> run(limiter, holding));
        CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> run(limiter, holding));
        assertTrue(bothInside.await(5, TimeUnit.SECONDS), "two calls run at once");

        HotPathLimiter.Overloaded refused = assertThrows(HotPathLimiter.Overloaded.class,
                () -> limiter.limit(new Call(() -> "never")));
        assertTrue(Overload.isTransient(refused), "answered 503 with Retry-After, not 500");
        assertEquals(2, inside.get());

        CompletableFuture<Object> queued = CompletableFuture.supplyAsync(() -> run(limiter, new Call(() -> "queued")));
        Thread.sleep(50);
        assertTrue(!queued.isDone(), "a third call waits while both turns are taken");
        release.countDown();
        assertEquals("queued", queued.get(5, TimeUnit.SECONDS));
        assertEquals("done", first.get(5, TimeUnit.SECONDS));
        assertEquals("done", second.get(5, TimeUnit.SECONDS));
        assertEquals("after", limiter.limit(new Call(() -> "after")), "every turn was given back");
    }

    @Test
    void theLimitHalvesWhileEventsLagAndGrowsBackOneByOneOnceTheyKeepUp() throws Exception {
        AtomicLong lagMs = new AtomicLong(0);
        HotPathAdmission admission = new HotPathAdmission(8, 2, Duration.ofMillis(20), Duration.ofSeconds(1), lagMs::get);
        for (int i = 0; i < 8; i++) {
            assertTrue(admission.enter(), "call " + (i + 1) + " of 8 enters");
        }
        lagMs.set(3_000);
        admission.adjust();
        assertEquals(4, admission.limit());
        for (int i = 0; i < 8; i++) {
            admission.leave(); // the calls inside when it shrank finish: only 4 turns remain
        }
        assertEquals(4, entered(admission));
        admission.adjust();
        admission.adjust();
        assertEquals(2, admission.limit(), "never below the floor");
        assertEquals(2, entered(admission));

        lagMs.set(800); // within the target but not well within: stays
        admission.adjust();
        assertEquals(2, admission.limit());
        lagMs.set(100);
        admission.adjust();
        assertEquals(3, admission.limit());
        assertEquals(3, entered(admission));
        for (int i = 0; i < 10; i++) {
            admission.adjust();
        }
        assertEquals(8, admission.limit(), "never above the configured concurrency");
        assertEquals(8, entered(admission));
    }

    /** How many calls get in at once now (all leave again). */
    private static int entered(HotPathAdmission admission) throws InterruptedException {
        int in = 0;
        while (admission.enter()) {
            in++;
        }
        for (int i = 0; i < in; i++) {
            admission.leave();
        }
        return in;
    }

    private static Object run(HotPathLimiter limiter, Call call) {
        try {
            return limiter.limit(call);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    /** The intercepted method: only {@code proceed} matters here. */
    private record Call(Work work) implements InvocationContext {
        @Override
        public Object proceed() throws Exception {
            return work.run();
        }

        @Override
        public Object getTarget() {
            return null;
        }

        @Override
        public Object getTimer() {
            return null;
        }

        @Override
        public Method getMethod() {
            return null;
        }

        @Override
        public Constructor<?> getConstructor() {
            return null;
        }

        @Override
        public Object[] getParameters() {
            return new Object[0];
        }

        @Override
        public void setParameters(Object[] params) {
        }

        @Override
        public Map<String, Object> getContextData() {
            return Map.of();
        }
    }
}
