package dev.laurel.platform;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Values read on every request (a campaign's terms, a token's user) kept for a short time. The
 * process that changes a value invalidates it at once; other processes see the change when their
 * copy expires, so {@code ttl} bounds how stale any pod can be. Absent values are not kept, so a
 * new row is seen on the next request. Bounded: when full, it starts over rather than evicting one
 * by one (entries are cheap to reload).
 */
public final class ShortLivedCache<K, V> {
    private record Entry<V>(V value, long loadedAt) {
    }

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    /** Bumped by every invalidation: a load that overlapped one may hold the old value and is not kept. */
    private final AtomicLong invalidations = new AtomicLong();

    public ShortLivedCache(java.time.Duration ttl, int maxEntries) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    /** The cached value, or the loader's (kept only if present). */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && now - entry.loadedAt() < ttlNanos) {
            return Optional.of(entry.value());
        }
        long before = invalidations.get();
        Optional<V> loaded = loader.apply(key);
        if (loaded.isPresent() && invalidations.get() == before) {
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            entries.put(key, new Entry<>(loaded.get(), now));
        } else {
            entries.remove(key);
        }
        return loaded;
    }

    /**
     * The cached values of these keys, the missing or expired ones read with one call of the loader
     * (which returns what it found; keys it leaves out are not kept).
     */
    public java.util.Map<K, V> getAll(java.util.Collection<K> keys,
                                      Function<java.util.Set<K>, java.util.Map<K, V>> loader) {
        long now = System.nanoTime();
        java.util.Map<K, V> found = new java.util.HashMap<>();
        java.util.Set<K> missing = new java.util.HashSet<>();
        for (K key : keys) {
            Entry<V> entry = entries.get(key);
            if (entry != null && now - entry.loadedAt() < ttlNanos) {
                found.put(key, entry.value());
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            long before = invalidations.get();
            java.util.Map<K, V> loaded = loader.apply(missing);
            found.putAll(loaded);
            if (invalidations.get() == before) {
                if (entries.size() + loaded.size() > maxEntries) {
                    entries.clear();
                }
                loaded.forEach((key, value) -> entries.put(key, new Entry<>(value, now)));
            }
        }
        return found;
    }

    public void invalidate(K key) {
        invalidations.incrementAndGet();
        entries.remove(key);
    }

    public void invalidateAll() {
        invalidations.incrementAndGet();
        entries.clear();
    }

    /**
     * Drops the key now and again when the caller's transaction ends: a reader that reloads the value
     * between now and the commit (a consumer thread, another request) would otherwise keep the old
     * value for a whole lifetime.
     */
    public void invalidateWith(jakarta.transaction.TransactionSynchronizationRegistry transaction, K key) {
        invalidate(key);
        transaction.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                invalidate(key);
            }
        });
    }
}
