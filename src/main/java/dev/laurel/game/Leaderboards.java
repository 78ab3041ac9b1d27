package dev.laurel.game;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Labeler leaderboards by period (day, week, month, all time; UTC) and scope (global or one
 * campaign). Totals are maintained incrementally in {@code leaderboard_score} when ledger rows are
 * written, so a page view never sums the ledger: the top of a board is an index range read, and a
 * labeler's rank counts only the rows ranked above them. Ties break by labeler id, deterministically.
 */
@ApplicationScoped
public class Leaderboards {
    private final EntityManager em;
    private final Campaigns campaigns;

    Leaderboards(EntityManager em, Campaigns campaigns) {
        this.em = em;
        this.campaigns = campaigns;
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

    /**
     * A board row. {@code exact} is false for the rows around a viewer ranked below {@link #RANK_COUNT_LIMIT}:
     * their ranks are then lower bounds (the count of rows above the viewer stopped there).
     */
    public record Row(long rank, long labelerId, String username, long points, boolean exact) {
    }

    /**
     * How many rows above a viewer a page view counts, at most: ranks are exact down to here, and a viewer
     * further down sees their neighbours, ranked "#100001+". The count is an index-only range whose
     * cost grows with the rank (0.27 s at rank 500 000 of a 1M-labeler board); capped, a page view is bounded.
     */
    static final long RANK_COUNT_LIMIT = 100_000;

    /** The top of a board, and the viewer's own row with their neighbours (even far outside the top). */
    public record Board(String scope, String period, List<Row> top, Row me, List<Row> around) {
    }

    /**
     * Adds the points of one answer's ledger rows (written at {@code at}) to every board they count on:
     * once per answer, not per row, since each call is eight statements.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(long labelerId, long campaignId, Instant at, long points) {
        if (points == 0) {
            return;
        }
        List<String> scopes = List.of("global", "c:" + campaignId);
        List<String> keys = Arrays.stream(Period.values()).map(p -> p.keyAt(at)).toList();
        // one statement for the eight rows in the common case: every board already has the labeler
        int updated = Rows.sql("update leaderboard_score set points = points + ?1 where labeler_id = ?2"
                        + " and scope in (?3) and period in (?4)", "leaderboard_score")
                .setParameter(1, points).setParameter(2, labelerId).setParameter(3, scopes).setParameter(4, keys)
                .executeUpdate();
        if (updated == scopes.size() * keys.size()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> present = ((List<Object[]>) Rows.sql("select scope, period from leaderboard_score where labeler_id = ?1"
                        + " and scope in (?2) and period in (?3)", "leaderboard_score")
                .setParameter(1, labelerId).setParameter(2, scopes).setParameter(3, keys).getResultList())
                .stream().map(r -> r[0] + " " + r[1]).collect(Collectors.toSet());
        for (String scope : scopes) {
            for (String key : keys) {
                if (!present.contains(scope + " " + key)) { // new board for the labeler: it starts at these points
                    Rows.sql("insert into leaderboard_score (scope, period, labeler_id, points) values (?1, ?2, ?3, ?4)",
                                    "leaderboard_score")
                            .setParameter(1, scope).setParameter(2, key).setParameter(3, labelerId)
                            .setParameter(4, points).executeUpdate();
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

    /**
     * Whether the labeler ranks within the top {@code places} of the global board of the ISO week
     * containing a moment. Counts at most {@code places} rows above them: bounded work however long
     * the board (a full count grows with the labeler's rank, and this runs for every scored answer).
     */
    public boolean weeklyRankAtMost(long labelerId, Instant moment, long places) {
        // statements with the labeler's points as a bound parameter, each an index range on leaderboard_rank: joined
        // to a CTE, or with the two ranges under one OR, the planner scanned the whole board for a top labeler
        String key = Period.WEEK.keyAt(moment);
        Long points = pointsOf("global", key, labelerId);
        return points != null && aboveAtMost("global", key, points, labelerId, places) < places;
    }

    /**
     * The labeler's rank on the global board of the ISO week containing a moment; null when they are not on it,
     * {@code cap + 1} when they rank below {@code cap}: counts at most {@code cap} rows above them, so the work
     * is bounded.
     */
    public Long weeklyRank(long labelerId, Instant moment, long cap) {
        String key = Period.WEEK.keyAt(moment);
        Long points = pointsOf("global", key, labelerId);
        if (points == null) {
            return null;
        }
        return Math.min(aboveAtMost("global", key, points, labelerId, cap), cap) + 1;
    }

    /** A board as {@code viewer} may see it: a campaign's board only for those who may see the campaign (404 otherwise). */
    public Board boardFor(User viewer, String periodName, Long campaignId, int size) {
        if (campaignId != null) {
            campaigns.terms(viewer, campaignId);
        }
        return board(periodName, campaignId, viewer.id, size);
    }

    public Board board(String periodName, Long campaignId, long viewerId, int size) {
        return board(periodName, campaignId, viewerId, size, RANK_COUNT_LIMIT);
    }

    /** {@link #board}, counting at most {@code rankLimit} rows above the viewer. */
    Board board(String periodName, Long campaignId, long viewerId, int size, long rankLimit) {
        Period period = Period.parse(periodName);
        String scope = campaignId == null ? "global" : "c:" + campaignId;
        String key = period.keyAt(Instant.now());
        List<Row> top = rows(scope, key, 0, size);
        Row me = null;
        List<Row> around = List.of();
        Long points = pointsOf(scope, key, viewerId);
        if (points != null) {
            long above = aboveAtMost(scope, key, points, viewerId, rankLimit);
            boolean exact = above < rankLimit;
            // neighbours by keyset from the viewer's own (points, id), not by OFFSET
            List<Row> before = neighbours(scope, key, points, viewerId, above, true, exact);
            List<Row> from = neighbours(scope, key, points, viewerId, above, false, exact);
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

    /**
     * How many rows of one board rank above (points, labelerId), ties going to the lower id, counting at most
     * {@code cap} rows (the answer is exact when below {@code cap}): two index ranges on leaderboard_rank (more
     * points; the same points and a lower id), never one OR, which PostgreSQL answers with a bitmap scan of the
     * heap (or, with a LIMIT, a scan of the whole board for a labeler near the top).
     */
    private long aboveAtMost(String scope, String key, long points, long labelerId, long cap) {
        long more = ((Number) single("select count(*) from (select 1 from leaderboard_score where scope = ?1 and period = ?2"
                + " and points > ?3 limit ?4) a", scope, key, points, cap)).longValue();
        if (more >= cap) {
            return more;
        }
        return more + ((Number) single("select count(*) from (select 1 from leaderboard_score where scope = ?1 and period = ?2"
                + " and points = ?3 and labeler_id < ?4 limit ?5) a", scope, key, points, labelerId, cap - more)).longValue();
    }

    /** How many neighbours the board pins above the viewer, and how many below them. */
    static final int NEIGHBOURS = 2;

    /**
     * Up to {@link #NEIGHBOURS} rows ranked just above the viewer, or the viewer and up to {@link #NEIGHBOURS} below,
     * in rank order. By keyset from the viewer's own (points, id), not by OFFSET, as two index ranges each (ties
     * first, then the next points), so a viewer far down a long board costs what one near the top does.
     */
    private List<Row> neighbours(String scope, String key, long points, long viewerId, long above, boolean isAbove,
                                 boolean exact) {
        String select = "select s.labeler_id, u.username, s.points from leaderboard_score s join app_user u on u.id = s.labeler_id"
                + " where s.scope = ?1 and s.period = ?2 and ";
        int wanted = isAbove ? NEIGHBOURS : NEIGHBOURS + 1;
        List<Object[]> found = new ArrayList<>(neighbourRows(select + (isAbove
                ? "s.points = ?3 and s.labeler_id < ?4 order by s.labeler_id desc limit ?5"
                : "s.points = ?3 and s.labeler_id >= ?4 order by s.labeler_id limit ?5"), scope, key, points, viewerId, wanted));
        if (found.size() < wanted) {
            found.addAll(neighbourRows(select + (isAbove
                    ? "s.points > ?3 order by s.points, s.labeler_id desc limit ?4"
                    : "s.points < ?3 order by s.points desc, s.labeler_id limit ?4"), scope, key, points, wanted - found.size()));
        }
        if (isAbove) {
            Collections.reverse(found); // read nearest first: rank order is the other way
        }
        long firstRank = isAbove ? above - found.size() + 1 : above + 1;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            Object[] r = found.get(i);
            rows.add(new Row(firstRank + i, ((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue(), exact));
        }
        return rows;
    }

    private List<Object[]> neighbourRows(String sql, Object... parameters) {
        var query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> found = query.getResultList();
        return found;
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
            rows.add(new Row(offset + i + 1, ((Number) r[0]).longValue(), (String) r[1], ((Number) r[2]).longValue(), true));
        }
        return rows;
    }

    private Object single(String sql, Object... parameters) {
        // only the boards' table: the scoring transaction's pending rows need no flush before it
        var query = Rows.sql(sql, "leaderboard_score");
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        @SuppressWarnings("unchecked")
        List<Object> result = query.getResultList();
        return result.isEmpty() ? null : result.get(0);
    }
}
