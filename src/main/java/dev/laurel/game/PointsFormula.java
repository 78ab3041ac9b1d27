package dev.laurel.game;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The points formula: what one accepted answer earns, line by line, under one rule version. Pure (no
 * CDI, no I/O), so scoring, the admin preview and the public formula page share it.
 *
 * <p>Order: too fast → nothing; failed gold → nothing but the penalty; otherwise base points (the
 * campaign's, else the task kind's, else the rule's), the quality multiplier applied to them (a
 * multiplier in millionths, rounded <b>down</b> to whole points: 1.5 × 7 = 10), then gold, streak,
 * combo and campaign bonuses. The daily cap trims positive lines in that order; the campaign bonus is
 * drawn from the pool only for what is paid, and never more than the pool holds.
 */
public final class PointsFormula {
    private PointsFormula() {
    }

    /** The rule terms the formula reads (a {@link RewardRule} version or an unsaved draft). */
    public record Terms(int version, long basePoints, Map<String, Long> kindPoints, long minMillisPerTask, long dailyCap,
                        boolean qualityMultiplier, long goldBonus, long goldPenalty, int streakMinDays, long streakBonus,
                        int comboSize, long comboBonus) {
    }

    /**
     * What the formula knows about one answer.
     *
     * @param campaignBasePoints the campaign's own base points, or null to use the rule's
     * @param campaignBonus      the campaign's extra points per answer (0: none)
     * @param budgetLeft         what is left in the campaign's pool, or null without one
     * @param streakDays         the labeler's streak including today
     * @param combo              answers in the current session including this one
     * @param earnedToday        capped points earned earlier the same day
     */
    public record Facts(String kind, long durationMs, Boolean goldCorrect, long multiplierMillionths,
                        Long campaignBasePoints, long campaignBonus, Long budgetLeft, int streakDays, int combo,
                        long earnedToday) {
    }

    public record Line(LedgerEntry.Kind kind, long points, String reason) {
    }

    public static final long ONE = 1_000_000L;

    public static List<Line> score(Terms rule, Facts facts) {
        List<Line> lines = new ArrayList<>();
        String v = " (rule v" + rule.version() + ")";
        if (facts.durationMs() < rule.minMillisPerTask()) {
            lines.add(new Line(LedgerEntry.Kind.AWARD, 0, "no points: answered in " + facts.durationMs() + " ms, under the "
                    + rule.minMillisPerTask() + " ms minimum" + v));
            return lines;
        }
        if (Boolean.FALSE.equals(facts.goldCorrect())) {
            lines.add(new Line(LedgerEntry.Kind.AWARD, 0, "no points: a gold answer that did not match the known one" + v));
            if (rule.goldPenalty() > 0) {
                lines.add(new Line(LedgerEntry.Kind.GOLD_PENALTY, -rule.goldPenalty(),
                        "-" + rule.goldPenalty() + " points: failed gold penalty" + v));
            }
            return lines;
        }
        long base;
        String baseWhy;
        if (facts.campaignBasePoints() != null) {
            base = facts.campaignBasePoints();
            baseWhy = " points for an accepted answer (campaign rate)";
        } else if (facts.kind() != null && rule.kindPoints().containsKey(facts.kind())) {
            base = rule.kindPoints().get(facts.kind());
            baseWhy = " points for an accepted " + facts.kind() + " answer";
        } else {
            base = rule.basePoints();
            baseWhy = " points for an accepted answer";
        }
        long room = Math.max(0, rule.dailyCap() - facts.earnedToday());
        long adjusted = base;
        if (rule.qualityMultiplier() && facts.multiplierMillionths() != ONE) {
            adjusted = Math.max(0, Math.floorDiv(Math.multiplyExact(base, facts.multiplierMillionths()), ONE));
        }
        // base and quality are capped together, so the two rows never pay more than the adjusted base
        long paidBase = Math.min(adjusted, room);
        room -= paidBase;
        long quality = adjusted - base;
        long award = quality >= 0 ? Math.min(base, paidBase) : paidBase - quality;
        long qualityPaid = paidBase - award;
        if (paidBase == 0) {
            award = 0;
            qualityPaid = 0;
        }
        String capped = " of " + base + " points: daily cap of " + rule.dailyCap() + " reached" + v;
        lines.add(new Line(LedgerEntry.Kind.AWARD, award, paidBase < adjusted ? award + capped : base + baseWhy + v));
        if (qualityPaid != 0) {
            lines.add(new Line(LedgerEntry.Kind.QUALITY, qualityPaid, signed(qualityPaid) + " points: quality multiplier "
                    + multiplier(facts.multiplierMillionths()) + " on " + base + ", rounded down" + v));
        }
        List<Line> bonuses = new ArrayList<>();
        if (Boolean.TRUE.equals(facts.goldCorrect()) && rule.goldBonus() > 0) {
            bonuses.add(new Line(LedgerEntry.Kind.GOLD_BONUS, rule.goldBonus(), "gold answer right"));
        }
        if (rule.streakBonus() > 0 && facts.streakDays() >= rule.streakMinDays()) {
            bonuses.add(new Line(LedgerEntry.Kind.STREAK_BONUS, rule.streakBonus(), facts.streakDays() + "-day streak"));
        }
        if (rule.comboBonus() > 0 && rule.comboSize() > 0 && facts.combo() > 0 && facts.combo() % rule.comboSize() == 0) {
            bonuses.add(new Line(LedgerEntry.Kind.COMBO_BONUS, rule.comboBonus(), "combo of " + facts.combo() + " answers"));
        }
        for (Line bonus : bonuses) {
            long paid = Math.min(bonus.points(), room);
            room -= paid;
            if (paid > 0) {
                lines.add(new Line(bonus.kind(), paid, paid == bonus.points() ? "+" + paid + " points: " + bonus.reason() + v
                        : "+" + paid + " of " + bonus.points() + " points: " + bonus.reason() + ", daily cap reached" + v));
            }
        }
        if (facts.campaignBonus() > 0 && facts.budgetLeft() != null) {
            long pool = facts.budgetLeft();
            long paid = Math.min(Math.min(facts.campaignBonus(), room), pool);
            if (paid > 0) {
                String why = paid == facts.campaignBonus() ? "+" + paid + " points: campaign bonus"
                        : paid == pool ? "+" + paid + " of " + facts.campaignBonus() + " points: the last of the campaign's bonus pool"
                        : "+" + paid + " of " + facts.campaignBonus() + " points: campaign bonus, daily cap reached";
                lines.add(new Line(LedgerEntry.Kind.CAMPAIGN_BONUS, paid, why));
            }
        }
        return lines;
    }

    public static long total(List<Line> lines) {
        return lines.stream().mapToLong(Line::points).sum();
    }

    private static String signed(long points) {
        return points >= 0 ? "+" + points : Long.toString(points);
    }

    static String multiplier(long millionths) {
        return java.math.BigDecimal.valueOf(millionths, 6).stripTrailingZeros().toPlainString() + "×";
    }
}
