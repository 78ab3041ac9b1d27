package dev.laurel.platform;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A bulkhead in front of the connection pool. Hundreds of request threads queueing on the pool's
 * connections left none for the event consumers, so points and quality fell a minute behind under
 * load; requests now queue here instead (fairly, before their transaction begins), and the pool keeps
 * {@code pool size − laurel.hot-path.concurrency} connections for consumers and everything else. A
 * request that waits longer than {@code laurel.hot-path.max-wait} gets 503 with {@code Retry-After}.
 */
@HotPath
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) // before @Transactional (PLATFORM_BEFORE + 200) opens one
public class HotPathLimiter {
    private final Semaphore permits;
    private final long waitMs;

    HotPathLimiter(@ConfigProperty(name = "laurel.hot-path.concurrency") int concurrency,
                   @ConfigProperty(name = "laurel.hot-path.max-wait") Duration wait) {
        this.permits = new Semaphore(concurrency, true);
        this.waitMs = wait.toMillis();
    }

    @AroundInvoke
    Object limit(InvocationContext invocation) throws Exception {
        if (!permits.tryAcquire(waitMs, TimeUnit.MILLISECONDS)) {
            throw new Overloaded("no hot-path permit within " + waitMs + " ms");
        }
        try {
            return invocation.proceed();
        } finally {
            permits.release();
        }
    }

    /** Too many requests in flight: answered 503 with {@code Retry-After} ({@link Overload}). */
    static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message);
        }
    }
}
