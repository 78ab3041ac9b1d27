package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The small pure pieces quality is built from: multiplier, dynamic overlap, binomial test, degradation, signals. */
class QualityAlgorithmsTest {
    private final QualityMultiplier multiplier = new QualityMultiplier(0.7, 0.95, 0.4, 1.25, 0.25);
    private final AbuseSignals.Thresholds thresholds = new AbuseSignals.Thresholds(0.5, 20, 0.001, 0.6, 8, 0.6);

    @Test
    void multiplierIsOneWhileTheIntervalContainsNeutralAndMovesOnlyWithEvidence() {
        assertEquals(1_000_000, multiplier.millionths(0.025, 0.975));
        BetaInterval strong = BetaInterval.of(1000, 5);
        assertEquals(1_250_000, multiplier.millionths(strong.lower(), strong.upper()));
        BetaInterval bad = BetaInterval.of(5, 45);
        assertEquals(250_000, multiplier.millionths(bad.lower(), bad.upper()));
        long partial = multiplier.millionths(0.8, 0.9);
        assertEquals(1_100_000, partial);
    }

    @Test
    void settledTaskTakesNobodyNewButKeepsItsLeases() {
        assertEquals(3, DynamicOverlap.next(3, 2, 1, true, 2, 5));
        assertEquals(2, DynamicOverlap.next(3, 2, 0, true, 2, 5));
        assertEquals(3, DynamicOverlap.next(3, 1, 0, true, 2, 5), "one answer never settles a task");
    }

    @Test
    void contestedTaskAsksForOneMoreUpToTheMaximum() {
        assertEquals(4, DynamicOverlap.next(3, 3, 0, false, 2, 5));
        assertEquals(3, DynamicOverlap.next(3, 2, 0, false, 2, 5), "slots left: no change");
        assertEquals(5, DynamicOverlap.next(5, 5, 0, false, 2, 5));
    }

    @Test
    void binomialTestMatchesExactValues() {
        assertEquals(1.0, BinomialTest.twoSidedHalf(5, 10), 1e-12);
        assertEquals(2 * Math.pow(0.5, 20), BinomialTest.twoSidedHalf(20, 20), 1e-15);
        // P(X <= 2) for n = 10: (1 + 10 + 45) / 1024, doubled
        assertEquals(2 * 56 / 1024.0, BinomialTest.twoSidedHalf(2, 10), 1e-12);
        assertEquals(BinomialTest.twoSidedHalf(3, 17), BinomialTest.twoSidedHalf(14, 17), 1e-15);
        // thousands of trials: C(5000, k) overflows a double, so only the log-space sum gets these right
        // (reference values from exact integer arithmetic)
        assertEquals(0.004883649737517518, BinomialTest.twoSidedHalf(2400, 5000), 1e-9);
        assertEquals(0.007777118901978714, BinomialTest.twoSidedHalf(940, 2000), 1e-9);
    }

    @Test
    void degradedCopyDiffersFromTheRealReply() {
        Random random = new Random(7);
        String reply = "Water boils at 100 degrees Celsius at sea level. At altitude it boils lower. Pressure cookers raise it.";
        for (int i = 0; i < 200; i++) {
            Degradation.Degraded degraded = Degradation.degrade(reply, random);
            assertNotEquals(reply, degraded.text());
            if (degraded.kind() == Degradation.Kind.TRUNCATED) {
                assertTrue(degraded.text().length() < reply.length());
                assertFalse(degraded.text().endsWith("."));
            }
        }
        assertNotEquals("Yes.", Degradation.degrade("Yes.", random).text());
        for (int i = 0; i < 50; i++) {
            assertNotEquals(Degradation.Kind.SHUFFLED, Degradation.degrade("Same. Same. Same.", random).kind(),
                    "identical sentences cannot be shuffled into a different text");
        }
    }

    @Test
    void alwaysLeftIsFlaggedAndABalancedLabelerIsNot() {
        List<AbuseSignals.Flag> left = AbuseSignals.evaluate(new AbuseSignals.Counters(30, 0, 0, 30, 0, 0, 0, 0), thresholds);
        assertEquals(List.of(AbuseSignals.Signal.POSITION_BIAS), left.stream().map(AbuseSignals.Flag::signal).toList());
        assertTrue(left.get(0).reason().contains("left reply in 30 of 30"), left.get(0).reason());
        assertTrue(AbuseSignals.evaluate(new AbuseSignals.Counters(30, 0, 0, 16, 14, 0, 0, 0), thresholds).isEmpty());
    }

    @Test
    void goldFailuresFastAnswersAndSkipsAreFlagged() {
        var flags = AbuseSignals.evaluate(new AbuseSignals.Counters(12, 10, 3000, 3, 3, 20, 10, 2), thresholds);
        assertEquals(List.of(AbuseSignals.Signal.TOO_FAST, AbuseSignals.Signal.TOO_MANY_SKIPS,
                AbuseSignals.Signal.GOLD_FAILURES), flags.stream().map(AbuseSignals.Flag::signal).toList());
        assertTrue(AbuseSignals.evaluate(new AbuseSignals.Counters(12, 0, 3000, 3, 3, 2, 10, 9), thresholds).isEmpty());
        assertTrue(AbuseSignals.evaluate(new AbuseSignals.Counters(5, 5, 3000, 3, 2, 0, 2, 0), thresholds).isEmpty(),
                "too little evidence flags nobody");
    }
}
