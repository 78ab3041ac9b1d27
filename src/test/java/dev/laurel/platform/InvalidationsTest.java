package dev.laurel.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Another process's change reaches this process's cache within about a second (rows written as that process would). */
@QuarkusTest
class InvalidationsTest {
    // a poll a second, and the poll itself; on a loaded 2-core CI machine a poll may start a second late
    private static final Duration WITHIN_A_SECOND = Duration.ofMillis(3000);

    @Inject
    Invalidations invalidations;
    @Inject
    EntityManager em;

    @Test
    void aKeyChangedElsewhereIsReloadedWithinASecondAndOtherKeysStayCached() {
        ShortLivedCache<String, Integer> cache = invalidations.cache("test-elsewhere");
        AtomicInteger loads = new AtomicInteger();
        cache.get("a", k -> Optional.of(loads.incrementAndGet()));
        cache.get("b", k -> Optional.of(loads.incrementAndGet()));
        assertEquals(2, loads.get());
        assertEquals(1, cache.get("a", k -> Optional.of(loads.incrementAndGet())).orElseThrow(), "cached");

        writeRow("test-elsewhere", "a", "current_timestamp");
        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(50))
                .until(() -> cache.get("a", k -> Optional.of(-1)).orElseThrow() == -1);
        assertEquals(2, cache.get("b", k -> Optional.of(-1)).orElseThrow(), "an untouched key stays cached");
    }

    @Test
    void aChangeCommittedLateWithAnEarlierTimeIsStillSeen() throws InterruptedException {
        ShortLivedCache<String, Integer> cache = invalidations.cache("test-late");
        cache.get("k", k -> Optional.of(1));
        Thread.sleep(2_000); // polls have moved past the row's time by now
        // a transaction that began 10 s ago (PostgreSQL's current_timestamp) commits only now
        writeRow("test-late", "k", "current_timestamp - interval '10' second");
        await().atMost(WITHIN_A_SECOND).pollInterval(Duration.ofMillis(50))
                .until(() -> cache.get("k", k -> Optional.of(2)).orElseThrow() == 2);
    }

    @Test
    void invalidatingDropsTheKeyHereAtOnceAndNeedsATransaction() {
        ShortLivedCache<String, Integer> cache = invalidations.cache("test-here");
        cache.get("k", k -> Optional.of(1));
        QuarkusTransaction.requiringNew().run(() -> invalidations.invalidate("test-here", "k"));
        assertEquals(2, cache.get("k", k -> Optional.of(2)).orElseThrow());
        assertThrows(RuntimeException.class, () -> invalidations.invalidate("test-here", "k"));
        assertThrows(IllegalStateException.class, () -> invalidations.cache("test-here"));
    }

    private void writeRow(String cache, String key, String createdAt) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "insert into cache_invalidation (cache_name, cache_key, created_at) values (?1, ?2, " + createdAt + ")")
                .setParameter(1, cache).setParameter(2, key).executeUpdate());
    }
}
