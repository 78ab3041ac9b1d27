package dev.laurel.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointsFormulaTest {
    private static final PointsFormula.Terms RULE = new PointsFormula.Terms(3, 10, Map.of("RANKING", 15L), 3000, 100,
            true, 5, 4, 3, 2, 5, 7);

    private static PointsFormula.Facts facts(String kind, long ms, Boolean gold, long multiplier, int streak, int combo,
                                             long earnedToday) {
        return new PointsFormula.Facts(kind, ms, gold, multiplier, null, 0, null, streak, combo, earnedToday);
    }

    private static long points(List<PointsFormula.Line> lines, LedgerEntry.Kind kind) {
        return lines.stream().filter(l -> l.kind() == kind).mapToLong(PointsFormula.Line::points).sum();
    }

    @Test
    void everyBonusIsItsOwnLineAndTheLinesSumToTheTotal() {
        List<PointsFormula.Line> lines = PointsFormula.score(RULE, facts("PAIRWISE", 5000, true, 1_000_000, 4, 10, 0));
        assertEquals(10, points(lines, LedgerEntry.Kind.AWARD));
        assertEquals(5, points(lines, LedgerEntry.Kind.GOLD_BONUS));
        assertEquals(2, points(lines, LedgerEntry.Kind.STREAK_BONUS));
        assertEquals(7, points(lines, LedgerEntry.Kind.COMBO_BONUS));
        assertEquals(24, PointsFormula.total(lines));
        assertTrue(lines.stream().allMatch(l -> l.reason().contains("rule v3")));
    }

    @Test
    void theTaskKindSetsTheBasePointsAndTheCampaignRateWinsOverIt() {
        assertEquals(15, PointsFormula.total(PointsFormula.score(RULE, facts("RANKING", 5000, null, 1_000_000, 1, 1, 0))));
        PointsFormula.Facts campaign = new PointsFormula.Facts("RANKING", 5000, null, 1_000_000, 40L, 0, null, 1, 1, 0);
        assertEquals(40, PointsFormula.total(PointsFormula.score(RULE, campaign)));
    }

    @Test
    void theQualityMultiplierRoundsDownToWholePoints() {
        // 10 × 1.55 = 15.5 → 15; 10 × 0.333333 = 3.33 → 3
        List<PointsFormula.Line> up = PointsFormula.score(RULE, facts("PAIRWISE", 5000, null, 1_550_000, 1, 1, 0));
        assertEquals(5, points(up, LedgerEntry.Kind.QUALITY));
        assertEquals(15, PointsFormula.total(up));
        List<PointsFormula.Line> down = PointsFormula.score(RULE, facts("PAIRWISE", 5000, null, 333_333, 1, 1, 0));
        assertEquals(-7, points(down, LedgerEntry.Kind.QUALITY));
        assertEquals(3, PointsFormula.total(down));
    }

    @Test
    void aFailedGoldAnswerEarnsNothingButThePenalty() {
        List<PointsFormula.Line> lines = PointsFormula.score(RULE, facts("PAIRWISE", 5000, false, 2_000_000, 9, 5, 0));
        assertEquals(0, points(lines, LedgerEntry.Kind.AWARD));
        assertEquals(-4, PointsFormula.total(lines));
    }

    @Test
    void tooFastEarnsNothingAtAll() {
        List<PointsFormula.Line> lines = PointsFormula.score(RULE, facts("PAIRWISE", 2999, true, 1_000_000, 9, 5, 0));
        assertEquals(1, lines.size());
        assertEquals(0, PointsFormula.total(lines));
        assertTrue(lines.get(0).reason().contains("under the 3000 ms minimum"));
    }

    @Test
    void theDailyCapTrimsTheBaseThenTheBonuses() {
        // 100 cap, 92 earned: room 8 → base 8, no bonus
        List<PointsFormula.Line> lines = PointsFormula.score(RULE, facts("PAIRWISE", 5000, true, 1_000_000, 4, 5, 92));
        assertEquals(8, PointsFormula.total(lines));
        assertTrue(lines.get(0).reason().contains("daily cap of 100"));
        // room 13: base 10, gold 3 of 5
        assertEquals(13, PointsFormula.total(PointsFormula.score(RULE, facts("PAIRWISE", 5000, true, 1_000_000, 4, 5, 87))));
        // a multiplier below 1 never takes more than the capped base paid
        assertEquals(2, PointsFormula.total(PointsFormula.score(RULE, facts("PAIRWISE", 5000, null, 500_000, 1, 1, 98))));
    }

    @Test
    void theCampaignBonusNeverPaysMoreThanThePoolHolds() {
        PointsFormula.Facts last = new PointsFormula.Facts("PAIRWISE", 5000, null, 1_000_000, null, 6, 4L, 1, 1, 0);
        List<PointsFormula.Line> lines = PointsFormula.score(RULE, last);
        assertEquals(4, points(lines, LedgerEntry.Kind.CAMPAIGN_BONUS));
        PointsFormula.Facts empty = new PointsFormula.Facts("PAIRWISE", 5000, null, 1_000_000, null, 6, 0L, 1, 1, 0);
        assertEquals(0, points(PointsFormula.score(RULE, empty), LedgerEntry.Kind.CAMPAIGN_BONUS));
        assertEquals(10, PointsFormula.total(PointsFormula.score(RULE, empty)));
    }
}
