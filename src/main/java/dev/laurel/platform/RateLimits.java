package dev.laurel.platform;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request budgets that hold across every process: at most {@code max} hits per subject (an address,
 * a token) in a fixed window, counted in {@code rate_limit_window}.
 *
 * <ul>
 *   <li>{@link #strict}: each hit is counted in the database before the answer (registrations and
 *       other rare, abusable calls): exact across pods.</li>
 *   <li>{@link #shared}: each process counts its hits in memory and, once a second, adds them to the
 *       table and reads the cluster's totals back (API requests): no statement per request, and the
 *       budget holds across pods to within a second of traffic.</li>
 * </ul>
 */
@ApplicationScoped
public class RateLimits {
    /** A budget: {@code max} hits per {@code window} for each subject of {@code bucket}. */
    public record Limit(String bucket, long max, Duration window, String what) {
        Instant windowStart(Instant now) {
            long size = window.toMillis();
            return Instant.ofEpochMilli(now.toEpochMilli() / size * size);
        }
    }

    private record Key(String bucket, String subject, Instant windowStart) {
    }

    private record Window(String bucket, Instant start) {
    }

    /** This process's view of one subject's window: hits not yet written, and the cluster total last read. */
    private static final class Count {
        final AtomicLong unsent = new AtomicLong();
        final Instant windowEnd;
        volatile long cluster;

        Count(Instant windowEnd) {
            this.windowEnd = windowEnd;
        }
    }

    /** Keys per MERGE statement (four parameters each). */
    private static final int MERGE_ROWS = 500;

    private final EntityManager em;
    private final ClusterLock lock;
    private final Map<Key, Count> counts = new ConcurrentHashMap<>();

    RateLimits(EntityManager em, ClusterLock lock) {
        this.em = em;
        this.lock = lock;
    }

    /** Counts a hit in the database at once; throws {@link RateLimited} once the subject is over its budget. */
    public void strict(Limit limit, String subject) {
        Instant now = Instant.now();
        Key key = new Key(limit.bucket(), clip(subject), limit.windowStart(now));
        long hits = QuarkusTransaction.requiringNew().call(() -> {
            add(key, 1);
            return ((Number) em.createNativeQuery("select hits from rate_limit_window"
                            + " where bucket = ?1 and subject = ?2 and window_start = ?3")
                    .setParameter(1, key.bucket()).setParameter(2, key.subject()).setParameter(3, key.windowStart())
                    .getSingleResult()).longValue();
        });
        if (hits > limit.max()) {
            throw refusal(limit, key, now);
        }
    }

    /** Counts a hit in memory; throws {@link RateLimited} once the cluster's count (as of the last second) is over. */
    public void shared(Limit limit, String subject) {
        Instant now = Instant.now();
        Key key = new Key(limit.bucket(), clip(subject), limit.windowStart(now));
        Count count = counts.computeIfAbsent(key, k -> new Count(k.windowStart().plus(limit.window())));
        long unsent = count.unsent.incrementAndGet();
        if (count.cluster + unsent > limit.max()) {
            count.unsent.decrementAndGet(); // a refused request does not use the budget up further
            throw refusal(limit, key, now);
        }
    }

    /**
     * Adds this process's hits to the cluster's and reads the totals back, one select per bucket and
     * window (so hits of other processes are seen even by a process that sent none); forgets windows
     * that ended.
     */
    @Scheduled(every = "${laurel.rate-limits.sync-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sync() {
        Instant now = Instant.now();
        counts.entrySet().removeIf(e -> !e.getValue().windowEnd.isAfter(now) && e.getValue().unsent.get() == 0);
        Map<Key, Count> open = Map.copyOf(counts);
        Map<Window, Map<String, Count>> windows = new HashMap<>();
        open.forEach((key, count) -> windows.computeIfAbsent(new Window(key.bucket(), key.windowStart()), w -> new HashMap<>())
                .put(key.subject(), count));
        Map<Count, Long> sent = new HashMap<>();
        Map<Key, Long> sending = new HashMap<>();
        open.forEach((key, count) -> {
            long hits = count.unsent.get();
            if (hits > 0) {
                sending.put(key, hits);
                sent.put(count, hits);
            }
        });
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                addAll(sending);
                windows.forEach((window, subjects) -> {
                    @SuppressWarnings("unchecked")
                    List<Object[]> rows = em.createNativeQuery("select subject, hits from rate_limit_window"
                                    + " where bucket = ?1 and window_start = ?2")
                            .setParameter(1, window.bucket()).setParameter(2, window.start()).getResultList();
                    for (Object[] row : rows) {
                        Count count = subjects.get((String) row[0]);
                        if (count != null) {
                            count.cluster = ((Number) row[1]).longValue();
                        }
                    }
                });
            });
            // only once committed are the sent hits taken off what is left to send (a failure sends them again)
            sent.forEach((count, hits) -> count.unsent.addAndGet(-hits));
        } catch (RuntimeException e) {
            Log.debugf("Could not share rate-limit counts (kept for the next second): %s", e);
        }
    }

    /** Windows that ended an hour ago are of no use to anyone: one process deletes them. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        lock.runExclusively("rate-limit-prune", () -> QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("delete from rate_limit_window where window_start < ?1")
                        .setParameter(1, Instant.now().minus(Duration.ofDays(1))).executeUpdate()));
    }

    /**
     * Adds each key's hits with one MERGE per few hundred keys (standard SQL: PostgreSQL and H2 alike),
     * making the rows of a window's first hits: a statement per active token per second was a visible
     * share of the hot path's database work. Two processes making the same new row at once collide on
     * its key; the loser's counts stay unsent and go with the next second's MERGE, which then updates.
     */
    private void addAll(Map<Key, Long> hits) {
        List<Map.Entry<Key, Long>> rows = new ArrayList<>(hits.entrySet());
        for (int from = 0; from < rows.size(); from += MERGE_ROWS) {
            List<Map.Entry<Key, Long>> chunk = rows.subList(from, Math.min(rows.size(), from + MERGE_ROWS));
            StringBuilder values = new StringBuilder();
            for (int row = 0, p = 1; row < chunk.size(); row++, p += 4) {
                values.append(row == 0 ? "" : ", ").append("(cast(?").append(p).append(" as varchar(32)), cast(?").append(p + 1)
                        .append(" as varchar(128)), cast(?").append(p + 2).append(" as timestamp(6) with time zone), cast(?")
                        .append(p + 3).append(" as bigint))");
            }
            var merge = em.createNativeQuery("merge into rate_limit_window w using (values "
                    + values + ") as v (bucket, subject, window_start, hits)"
                    + " on w.bucket = v.bucket and w.subject = v.subject and w.window_start = v.window_start"
                    + " when matched then update set hits = w.hits + v.hits"
                    + " when not matched then insert (bucket, subject, window_start, hits)"
                    + " values (v.bucket, v.subject, v.window_start, v.hits)");
            int parameter = 1;
            for (Map.Entry<Key, Long> row : chunk) {
                merge.setParameter(parameter++, row.getKey().bucket());
                merge.setParameter(parameter++, row.getKey().subject());
                merge.setParameter(parameter++, row.getKey().windowStart());
                merge.setParameter(parameter++, row.getValue());
            }
            merge.executeUpdate();
        }
    }

    /** Adds {@code hits} to the row, made on first use (a racing insert of another process is retried as an update). */
    private void add(Key key, long hits) {
        if (increment(key, hits) == 0) {
            try {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into rate_limit_window"
                                + " (bucket, subject, window_start, hits) values (?1, ?2, ?3, 0)")
                        .setParameter(1, key.bucket()).setParameter(2, key.subject()).setParameter(3, key.windowStart())
                        .executeUpdate());
            } catch (RuntimeException taken) {
                // another process made the row first: add to theirs
            }
            increment(key, hits);
        }
    }

    private int increment(Key key, long hits) {
        return em.createNativeQuery("update rate_limit_window set hits = hits + ?4"
                        + " where bucket = ?1 and subject = ?2 and window_start = ?3")
                .setParameter(1, key.bucket()).setParameter(2, key.subject()).setParameter(3, key.windowStart())
                .setParameter(4, hits).executeUpdate();
    }

    private static RateLimited refusal(Limit limit, Key key, Instant now) {
        Duration wait = Duration.between(now, key.windowStart().plus(limit.window()));
        return new RateLimited("Too many " + limit.what() + ": at most " + limit.max() + " per "
                + describe(limit.window()) + ". Try again in " + Math.max(1, wait.toSeconds() + 1) + " s.", wait);
    }

    private static String describe(Duration window) {
        if (window.toHours() > 0 && window.toMinutesPart() == 0) {
            return window.toHours() == 1 ? "hour" : window.toHours() + " hours";
        }
        if (window.toMinutes() > 0 && window.toSecondsPart() == 0) {
            return window.toMinutes() == 1 ? "minute" : window.toMinutes() + " minutes";
        }
        return window.toSeconds() + " s";
    }

    private static String clip(String subject) {
        return subject.length() > 128 ? subject.substring(0, 128) : subject;
    }
}
