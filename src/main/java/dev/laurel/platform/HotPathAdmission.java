package dev.laurel.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many hot-path calls may run at once ({@link HotPathLimiter}), sized by whether the events they
 * set off keep up. An answer's points, progress and quality are applied by the event consumers, which
 * share the CPU and the pool with the requests: at full load the requests won and the consumers fell
 * further behind every second (16 s in a minute of the bench). So the limit follows the consumers' lag
 * like a congestion window: halved while the lag exceeds {@code laurel.hot-path.lag-target}, one more
 * each second while it is below half of it, between {@code min-concurrency} and {@code concurrency}.
 * Requests then wait a little longer under overload instead of labelers' points arriving minutes late.
 */
@ApplicationScoped
public class HotPathAdmission {
    private final Permits permits;
    private final int min;
    private final int max;
    private final long waitMs;
    private final long targetLagMs;
    private final LongSupplier lagMs;
    private int limit; // guarded by this

    @Inject
    HotPathAdmission(EventConsumers consumers, MeterRegistry metrics,
                     @ConfigProperty(name = "laurel.hot-path.concurrency") int concurrency,
                     @ConfigProperty(name = "laurel.hot-path.min-concurrency") int min,
                     @ConfigProperty(name = "laurel.hot-path.max-wait") Duration wait,
                     @ConfigProperty(name = "laurel.hot-path.lag-target") Duration lagTarget) {
        this(concurrency, min, wait, lagTarget, consumers::recentLagMillis);
        Gauge.builder("laurel.hot_path.limit", this, HotPathAdmission::limit)
                .description("Hot-path calls allowed at once (follows the event consumers' lag)").register(metrics);
    }

    HotPathAdmission(int concurrency, int min, Duration wait, Duration lagTarget, LongSupplier lagMs) {
        this.max = Math.max(1, concurrency);
        this.min = Math.max(1, Math.min(min, this.max));
        this.limit = this.max;
        this.permits = new Permits(this.max);
        this.waitMs = wait.toMillis();
        this.targetLagMs = lagTarget.toMillis();
        this.lagMs = lagMs;
    }

    /** Waits for a turn up to the configured time; false if none came (the caller answers 503). */
    boolean enter() throws InterruptedException {
        return permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
    }

    void leave() {
        permits.release();
    }

    long waitMillis() {
        return waitMs;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void adjust() {
        resize(next(limit(), lagMs.getAsLong(), targetLagMs, min, max));
    }

    /** The next limit: halved while events lag past the target, one more once they are well within it. */
    static int next(int limit, long lagMs, long targetLagMs, int min, int max) {
        if (lagMs > targetLagMs) {
            return Math.max(min, limit / 2);
        }
        if (lagMs < targetLagMs / 2) {
            return Math.min(max, limit + 1);
        }
        return limit;
    }

    synchronized int limit() {
        return limit;
    }

    synchronized void resize(int to) {
        if (to < limit) {
            permits.shrink(limit - to); // calls inside finish; their permits return into the smaller pool
        } else if (to > limit) {
            permits.release(to - limit);
        }
        limit = to;
    }

    /** A fair semaphore whose size can shrink ({@code reducePermits} is protected). */
    private static final class Permits extends Semaphore {
        Permits(int permits) {
            super(permits, true);
        }

        void shrink(int by) {
            reducePermits(by);
        }
    }
}
