package dev.laurel.task;

import dev.laurel.platform.ShortLivedCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A campaign's answers over time, for the dashboard's answers panel: answers per bucket since the campaign opened,
 * and the answers of the last hour (its pace).
 *
 * <p><b>Why it does not count the whole campaign per view.</b> Answers older than an hour do not change (a
 * transaction that stamps an answer commits within seconds), so they are counted once per process and kept per
 * campaign ({@code settled}); each view counts only what came since the settled part ends — at most about an hour and
 * a bit, through the index on {@code submission(created_at)} — and the result is kept for
 * {@link #RESULT_TTL}, so dashboards polling a big campaign cost one small window query per few seconds. The settled
 * part is recounted from scratch every {@link #SETTLED_TTL}, which bounds any drift (an answer committed more than an
 * hour after its timestamp) and lets idle campaigns be forgotten. Bucket sizes nest (each divides the next, all
 * aligned on the epoch), so when a campaign grows into a coarser bucket the settled counts are regrouped, not recounted.
 */
@ApplicationScoped
public class AnswerActivity {
    /** The pace window; also how old an answer must be to count as settled. */
    public static final Duration PACE_WINDOW = Duration.ofHours(1);
    static final Duration RESULT_TTL = Duration.ofSeconds(5);
    static final Duration SETTLED_TTL = Duration.ofHours(1);

    private final EntityManager em;
    private final ShortLivedCache<Long, Settled> settled = new ShortLivedCache<>(SETTLED_TTL, 2_000);
    private final ShortLivedCache<Key, Counts> results = new ShortLivedCache<>(RESULT_TTL, 2_000);

    AnswerActivity(EntityManager em) {
        this.em = em;
    }

    /**
     * Answers per bucket (keyed by epoch seconds / bucket size) and those since {@code now - PACE_WINDOW}.
     *
     * @param total every answer counted in the buckets
     */
    public record Counts(Map<Long, Long> byBucket, long total, long lastHour) {
    }

    private record Key(long campaignId, Duration bucket) {
    }

    /** Everything before {@code until}, per bucket of {@code bucket}; changed only under its own lock. */
    private static final class Settled {
        Duration bucket;
        Instant until;
        Map<Long, Long> counts;

        Settled(Duration bucket, Instant until, Map<Long, Long> counts) {
            this.bucket = bucket;
            this.until = until;
            this.counts = counts;
        }
    }

    /** The campaign's answers in buckets of {@code bucket}, as of now (at most {@link #RESULT_TTL} old). */
    public Counts of(long campaignId, Duration bucket) {
        return results.get(new Key(campaignId, bucket), key -> java.util.Optional.of(count(campaignId, bucket, Instant.now())))
                .orElseThrow();
    }

    Counts count(long campaignId, Duration bucket, Instant now) {
        Instant settles = now.minus(PACE_WINDOW);
        Settled part = settled.get(campaignId, id -> java.util.Optional.of(
                new Settled(bucket, settles, window(id, bucket, null, settles)))).orElseThrow();
        Map<Long, Long> byBucket;
        long lastHour = 0;
        synchronized (part) {
            if (!part.bucket.equals(bucket)) {
                part.counts = regroup(part.counts, part.bucket, bucket).orElseGet(() -> window(campaignId, bucket, null, part.until));
                part.bucket = bucket;
            }
            byBucket = new HashMap<>(part.counts);
            // one query for everything since the settled part ends: what settles now, and the last hour
            for (Object[] row : recent(campaignId, bucket, part.until, settles)) {
                long key = ((Number) row[0]).longValue();
                long answers = ((Number) row[2]).longValue();
                byBucket.merge(key, answers, Long::sum);
                if (((Number) row[1]).intValue() == 1) {
                    part.counts.merge(key, answers, Long::sum);
                } else {
                    lastHour += answers;
                }
            }
            if (settles.isAfter(part.until)) {
                part.until = settles;
            }
        }
        long total = byBucket.values().stream().mapToLong(Long::longValue).sum();
        return new Counts(Map.copyOf(byBucket), total, lastHour);
    }

    /** Counts keyed by {@code from}-buckets, regrouped into {@code to}-buckets; empty when {@code to} is not a multiple. */
    static java.util.Optional<Map<Long, Long>> regroup(Map<Long, Long> counts, Duration from, Duration to) {
        long fine = from.toSeconds();
        long coarse = to.toSeconds();
        if (coarse < fine || coarse % fine != 0) {
            return java.util.Optional.empty();
        }
        Map<Long, Long> regrouped = new HashMap<>();
        counts.forEach((key, answers) -> regrouped.merge(Math.floorDiv(key * fine, coarse), answers, Long::sum));
        return java.util.Optional.of(regrouped);
    }

    /** Answers per bucket with {@code from <= created_at < until} ({@code from} null: from the start). */
    private Map<Long, Long> window(long campaignId, Duration bucket, Instant from, Instant until) {
        @SuppressWarnings("unchecked")
        // grouped by the subquery's column: a parameter repeated in GROUP BY is another parameter to PostgreSQL
        List<Object[]> rows = em.createNativeQuery("""
                        select b, count(*) from (
                          select floor(extract(epoch from s.created_at) / ?2) as b
                          from submission s join task t on t.id = s.task_id
                          where t.campaign_id = ?1 and s.created_at < ?4 and s.created_at >= ?3) answers
                        group by b""")
                .setParameter(1, campaignId).setParameter(2, bucket.toSeconds())
                .setParameter(3, from == null ? Instant.EPOCH : from).setParameter(4, until).getResultList();
        Map<Long, Long> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.merge(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), Long::sum);
        }
        return counts;
    }

    /** Since {@code from}: per bucket, whether before {@code settles} (1) or within the last hour (0), and how many. */
    @SuppressWarnings("unchecked")
    private List<Object[]> recent(long campaignId, Duration bucket, Instant from, Instant settles) {
        return em.createNativeQuery("""
                        select b, settled, count(*) from (
                          select floor(extract(epoch from s.created_at) / ?2) as b,
                                 case when s.created_at < ?4 then 1 else 0 end as settled
                          from submission s join task t on t.id = s.task_id
                          where t.campaign_id = ?1 and s.created_at >= ?3) answers
                        group by b, settled""")
                .setParameter(1, campaignId).setParameter(2, bucket.toSeconds()).setParameter(3, from)
                .setParameter(4, settles).getResultList();
    }
}
