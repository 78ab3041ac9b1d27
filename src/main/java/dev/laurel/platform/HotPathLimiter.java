package dev.laurel.platform;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * A bulkhead in front of the connection pool. Hundreds of request threads queueing on the pool's
 * connections left none for the event consumers, so points and quality fell a minute behind under
 * load; requests now queue here instead (fairly, before their transaction begins), and the pool keeps
 * {@code pool size − laurel.hot-path.concurrency} connections for consumers and everything else. A
 * request that waits longer than {@code laurel.hot-path.max-wait} gets 503 with {@code Retry-After}.
 * How many calls run at once follows the event consumers' lag ({@link HotPathAdmission}).
 */
@HotPath
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100) // before @Transactional (PLATFORM_BEFORE + 200) opens one
public class HotPathLimiter {
    private final HotPathAdmission admission;

    HotPathLimiter(HotPathAdmission admission) {
        this.admission = admission;
    }

    @AroundInvoke
    Object limit(InvocationContext invocation) throws Exception {
        if (!admission.enter()) {
            throw new Overloaded("no hot-path permit within " + admission.waitMillis() + " ms");
        }
        try {
            return invocation.proceed();
        } finally {
            admission.leave();
        }
    }

    /** Too many requests in flight: answered 503 with {@code Retry-After} ({@link Overload}). */
    static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message);
        }
    }
}
