package dev.laurel.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RateLimitsTest {
    @Inject
    RateLimits limits;
    @Inject
    EntityManager em;

    @Test
    void aStrictBudgetRefusesTheHitPastItsMaxUntilTheWindowEnds() {
        RateLimits.Limit limit = new RateLimits.Limit("test-strict", 3, Duration.ofHours(1), "registrations");
        String subject = "10.0.0." + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            limits.strict(limit, subject);
        }
        RateLimited refused = assertThrows(RateLimited.class, () -> limits.strict(limit, subject));
        assertEquals(429, refused.status());
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 3600, refused.retryAfterSeconds() + " s");
        assertTrue(refused.getMessage().contains("at most 3 per hour"), refused.getMessage());
        limits.strict(limit, subject + "-other"); // another subject has its own budget
        assertEquals(4L, hits(limit, subject), "a refused hit is counted too: a flood stays refused");
    }

    @Test
    void aSharedBudgetCountsTheHitsOfOtherProcesses() {
        RateLimits.Limit limit = new RateLimits.Limit("test-shared", 10, Duration.ofHours(1), "API requests");
        String subject = "token-" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            limits.shared(limit, subject);
        }
        limits.sync();
        assertEquals(4L, hits(limit, subject), "this process's hits reach the table");
        // another process spent 5 of the budget meanwhile
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "update rate_limit_window set hits = hits + 5 where bucket = ?1 and subject = ?2")
                .setParameter(1, limit.bucket()).setParameter(2, subject).executeUpdate());
        limits.sync();
        limits.shared(limit, subject); // 10th hit in the cluster
        RateLimited refused = assertThrows(RateLimited.class, () -> limits.shared(limit, subject));
        assertTrue(refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 3600, refused.retryAfterSeconds() + " s");
        limits.sync();
        assertEquals(10L, hits(limit, subject), "a refused request spends nothing");
    }

    private long hits(RateLimits.Limit limit, String subject) {
        Instant start = limit.windowStart(Instant.now());
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("select hits from rate_limit_window"
                        + " where bucket = ?1 and subject = ?2 and window_start = ?3")
                .setParameter(1, limit.bucket()).setParameter(2, subject).setParameter(3, start).getSingleResult()).longValue());
    }
}
