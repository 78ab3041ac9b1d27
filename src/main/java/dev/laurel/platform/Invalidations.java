package dev.laurel.platform;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops a changed value from a cache in every process within about a second, so values read on every
 * request (a token's owner, a user) can be kept for minutes instead of a second.
 *
 * <p>A change calls {@link #invalidate} in its transaction: the key is dropped here at once and a row
 * (cache, key) is written with the change. Every process reads the rows of the last
 * {@link #LOOK_BACK} once a second and drops those keys; reading a window rather than "after the last
 * id" also catches a row whose transaction committed after a later one. If the read fails, the
 * caches are emptied, since a change may have been missed.
 */
@ApplicationScoped
public class Invalidations {
    /** Longer than any transaction that writes a row is expected to stay open. */
    static final Duration LOOK_BACK = Duration.ofSeconds(30);
    /** How long a registered cache keeps a value no change touched. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(10);

    private final EntityManager em;
    private final TransactionSynchronizationRegistry transaction;
    private final Map<String, ShortLivedCache<String, ?>> caches = new ConcurrentHashMap<>();
    private final Map<Long, Instant> applied = new ConcurrentHashMap<>();
    private volatile Instant since;

    Invalidations(EntityManager em, TransactionSynchronizationRegistry transaction) {
        this.em = em;
        this.transaction = transaction;
    }

    /** A cache whose keys {@link #invalidate} drops in every process; keep it for {@link #CACHE_TTL}. */
    public <V> ShortLivedCache<String, V> cache(String name) {
        ShortLivedCache<String, V> cache = new ShortLivedCache<>(CACHE_TTL, 100_000);
        if (caches.putIfAbsent(name, cache) != null) {
            throw new IllegalStateException("Two caches are named " + name);
        }
        return cache;
    }

    /** Drops the key now, again when the transaction ends, and in every other process within about a second. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void invalidate(String cache, String key) {
        ShortLivedCache<String, ?> local = caches.get(cache);
        if (local == null) {
            throw new IllegalArgumentException("No cache named " + cache);
        }
        local.invalidateWith(transaction, key);
        em.createNativeQuery("insert into cache_invalidation (cache_name, cache_key, created_at)"
                        + " values (?1, ?2, current_timestamp)")
                .setParameter(1, cache).setParameter(2, key).executeUpdate();
    }

    @Scheduled(every = "${laurel.cache.invalidation-poll:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            QuarkusTransaction.requiringNew().run(this::applyRecent);
        } catch (RuntimeException e) {
            // a change may have gone unseen: start over from the database
            caches.values().forEach(ShortLivedCache::invalidateAll);
            Log.debugf("Could not read cache invalidations; caches emptied: %s", e);
        }
    }

    private void applyRecent() {
        // database time on both sides of the comparison: pods' clocks may differ
        Instant now = instant(em.createNativeQuery("select current_timestamp").getSingleResult());
        Instant from = (since == null ? now : since).minus(LOOK_BACK);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select id, cache_name, cache_key from cache_invalidation"
                        + " where created_at >= ?1")
                .setParameter(1, from).getResultList();
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            if (applied.putIfAbsent(id, now) == null) {
                ShortLivedCache<String, ?> cache = caches.get((String) row[1]);
                if (cache != null) {
                    cache.invalidate((String) row[2]);
                }
            }
        }
        applied.values().removeIf(at -> at.isBefore(now.minus(LOOK_BACK.multipliedBy(2))));
        since = now;
    }

    private static Instant instant(Object value) { // the drivers differ: PostgreSQL a Timestamp, H2 an OffsetDateTime
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Instant t) {
            return t;
        }
        throw new IllegalStateException("current_timestamp came back as " + value.getClass());
    }

    /** Rows older than any reader looks back; any process may delete them. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "delete from cache_invalidation where created_at < ?1")
                .setParameter(1, Instant.now().minus(Duration.ofHours(1))).executeUpdate());
    }
}
