package dev.laurel.game;

import dev.laurel.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Labeler leaderboards by period (day, week, month, all time; UTC) and scope (global or one
 * campaign). Totals are maintained incrementally in {@code leaderboard_score} when ledger rows are
 * written, so a page view never sums the ledger: the top of a board is an index range read, and a
 * labeler's rank counts only the rows ranked above them. Ties break by labeler id, deterministically.
 */
@ApplicationScoped
public class Leaderboards {
    private final EntityManager em;

    Leaderboards(EntityManager em) {
        this.em = em;
    }

    public enum Period {
        DAY, WEEK, MONTH, ALL;

        static Period parse(String text) {
            try {
                return text == null ? ALL : valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("'period' must be one of day, week, month, all.");
            }
        }

        /** The key of the period containing a moment, e.g. d:2026-11-22, w:2026-W47, m:2026-11, all. */
        String keyAt(Instant moment) {
            LocalDate day = moment.atZone(ZoneOffset.UTC).toLocalDate();
            return switch (this) {
                case DAY -> "d:" + day;
                case WEEK -> "w:" + day.get(IsoFields.WEEK_BASED_YEAR) + "-W" + String.format("%02d", day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTH -> "m:" + day.getYear() + "-" + String.format("%02d", day.getMonthValue());
                case ALL -> "all";
            };
        }
    }

    public record Row(long rank, long labelerId, String username, long points) {
    }

    /** The top of a board, and the viewer's own row with their neighbours (even far outside the top). */
    public record Board(String scope, String period, List<Row> top, Row me, List<Row> around) {
    }

    /** Adds a ledger row's points to every board it counts on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(LedgerEntry entry) {
        if (entry.points == 0) {
            return;
        }
        for (String scope : List.of("global", "c:" + entry.campaignId)) {
            for (Period period : Period.values()) {
                String key = period.keyAt(entry.createdAt);
                int updated = em.createNativeQuery("update leaderboard_score set points = points + ?1"
                                + " where scope = ?2 and period = ?3 and labeler_id = ?4")
                        .setParameter(1, entry.points).setParameter(2, scope).setParameter(3, key)
                        .setParameter(4, entry.labelerId).executeUpdate();
                if (updated == 0) {
                    em.createNativeQuery("insert into leaderboard_score (scope, period, labeler_id, points) values (?1, ?2, ?3, ?4)")
                            .setParameter(1, scope).setParameter(2, key).setParameter(3, entry.labelerId)
                            .setParameter(4, entry.points).executeUpdate();
                }
            }
        }
    }

    /**
     * The labeler's all-time points: the global all-time board, which every ledger row is added to in
     * the row's own transaction, so it equals the ledger's sum ({@link PointsLedger#total}) without
     * reading the labeler's whole history.
     */
    public long allTime(long labelerId) {
        Long points = pointsOf("global", Period.ALL.keyAt(Instant.EPOCH), labelerId);
        return points == null ? 0 : points;
    }

    /** The labeler's rank on the global board of the ISO week containing a moment (Long.MAX_VALUE: not on it). */
    public long weeklyRank(long labelerId, Instant moment) {
        String key = Period.WEEK.keyAt(moment);
        Long points = pointsOf("global", key, labelerId);
        return points == null ? Long.MAX_VALUE : 1 + above("global", key, points, labelerId);
    }

    public Board board(String periodName, Long campaignId, long viewerId, int size) {
        Period period = Period.parse(periodName);
        String scope = campaignId == null ? "global" : "c:" + campaignId;
        String key = period.keyAt(Instant.now());
        List<Row> top = rows(scope, key, 0, size);
        Row me = null;
        List<Row> around = List.of();
        Long points = pointsOf(scope, key, viewerId);
        if (points != null) {
            long above = above(scope, key, points, viewerId);
            // neighbours by keyset from the viewer's own (points, id), not by OFFSET
            List<Row> before = neighbours(scope, key, points, viewerId, above, true);
            List<Row> from = neighbours(scope, key, points, viewerId, above, false);
            List<Row> rows = new ArrayList<>(before);
            rows.addAll(from);
            around = rows;
            me = around.stream().filter(r -> r.labelerId() == viewerId).findFirst().orElse(null);
        }
        return new Board(scope, key, top, me, around);
    }

    /** A labeler's points on one board, or null when they are not on it. */
    private Long pointsOf(String scope, String key, long labelerId) {
        Number points = (Number) single("select points from leaderboard_score where scope = ?1 and period = ?2 and labeler_id = ?3",
                scope, key, labelerId);
        return points == null ? null : points.longValue();
    }

    /** How many rows of one board rank above (points, labelerId): ties go to the lower id. */
    private long above(String scope, String key, long points, long labelerId) {
        return ((Number) single("select count(*) from leaderboard_score where scope = ?1 and period = ?2"
                + " and (points > ?3 or (points = ?3 and labeler_id < ?4))", scope, key, points, labelerId)).longValue();
    }

    /** Up to 2 rows ranked just above the viewer (ascending read, then reversed), or the viewer and 2 below. */
    private List<Row> neighbours(String scope, String key, long points, long viewerId, long above, boolean isAbove) {
        String sql = "select s.labeler_id, u.username, s.points from leaderboard_score s join app_user u on u.id = s.labeler_id"
                + " where s.scope = ?1 and s.period = ?2 and "
                + (isAbove ? "(s.points > ?3 or (s.points = ?3 and s.labeler_id < ?4)) order by s.points, s.labeler_id desc limit 2"
                : "(s.points < ?3 or (s.points = ?3 and s.labeler_id >= ?4)) order by s.points desc, s.labeler_id limit 3");
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery(sql).setParameter(1, scope).setParameter(2, key).setParameter(3, points)
                .setParameter(4, viewerId).getResultList();
        List<Object[]> ordered = new ArrayList<>(found);
        if (isAbove) {
            Collections.reverse(ordered);
        }
        long firstRank = isAbove ? above - ordered.size() + 1 : above + 1;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Object[] r = ordered.get(i);
            rows.add(new Row(firstRank + i, ((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue()));
        }
        return rows;
    }

    private List<Row> rows(String scope, String key, long offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("select s.labeler_id, u.username, s.points from leaderboard_score s"
                        + " join app_user u on u.id = s.labeler_id where s.scope = ?1 and s.period = ?2"
                        + " order by s.points desc, s.labeler_id limit ?3 offset ?4")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, limit).setParameter(4, offset).getResultList();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Object[] r = found.get(i);
            rows.add(new Row(offset + i + 1, ((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue()));
        }
        return rows;
    }

    private Object single(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object> result = query.getResultList();
        return result.isEmpty() ? null : result.get(0);
    }
}
