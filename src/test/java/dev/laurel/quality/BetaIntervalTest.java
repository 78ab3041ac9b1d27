package dev.laurel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BetaIntervalTest {

    @Test
    void noEvidenceUnderUniformPriorGivesTheCentral95Percent() {
        BetaInterval interval = BetaInterval.of(0, 0);

        assertEquals(0.5, interval.mean(), 1e-15);
        assertEquals(0.025, interval.lower(), 1e-12);
        assertEquals(0.975, interval.upper(), 1e-12);
    }

    @Test
    void nineRightOneWrongGivesBetaTenTwoQuantiles() {
        BetaInterval interval = BetaInterval.of(9, 1);

        assertEquals(10.0 / 12, interval.mean(), 1e-15);
        // Beta(10, 2) has the closed-form CDF x^10 (11 - 10x)
        assertEquals(0.025, Math.pow(interval.lower(), 10) * (11 - 10 * interval.lower()), 1e-12);
        assertEquals(0.975, Math.pow(interval.upper(), 10) * (11 - 10 * interval.upper()), 1e-12);
        // the same quantiles from scipy.stats.beta.ppf
        assertEquals(0.5872200830116173, interval.lower(), 1e-12);
        assertEquals(0.9771688017000404, interval.upper(), 1e-12);
    }

    @Test
    void allRightUnderUniformPriorHasQuantilesPToTheOneOverN() {
        BetaInterval interval = BetaInterval.of(19, 0);  // Beta(20, 1): CDF x^20

        assertEquals(Math.pow(0.025, 1.0 / 20), interval.lower(), 1e-12);
        assertEquals(Math.pow(0.975, 1.0 / 20), interval.upper(), 1e-12);
    }

    @Test
    void jeffreysPriorWithoutEvidenceGivesArcsineQuantiles() {
        BetaInterval interval = BetaInterval.of(0, 0, 0.5, 0.5);  // CDF (2/π) asin(√x)

        assertEquals(Math.pow(Math.sin(Math.PI / 2 * 0.025), 2), interval.lower(), 1e-12);
        assertEquals(Math.pow(Math.sin(Math.PI / 2 * 0.975), 2), interval.upper(), 1e-12);
    }

    @Test
    void swappingSuccessesAndFailuresMirrorsTheInterval() {
        BetaInterval good = BetaInterval.of(37, 4);
        BetaInterval bad = BetaInterval.of(4, 37);

        assertEquals(1 - good.mean(), bad.mean(), 1e-15);
        assertEquals(1 - good.upper(), bad.lower(), 1e-12);
        assertEquals(1 - good.lower(), bad.upper(), 1e-12);
    }

    @Test
    void largeAndLopsidedCountsMatchReferenceQuantiles() {
        BetaInterval veteran = BetaInterval.of(999, 9);  // Beta(1000, 10), scipy.stats.beta.ppf
        assertEquals(0.9831353832183862, veteran.lower(), 1e-10);
        assertEquals(0.9952374429686038, veteran.upper(), 1e-10);

        BetaInterval neverRight = BetaInterval.of(0, 999_999);  // Beta(1, 1e6)
        assertEquals(2.5317807663794178e-08, neverRight.lower(), 1e-14);
        assertEquals(3.688872650206488e-06, neverRight.upper(), 1e-12);
    }

    @Test
    void moreEvidenceNarrowsTheIntervalAroundTheSameRate() {
        BetaInterval few = BetaInterval.of(8, 2);
        BetaInterval many = BetaInterval.of(800, 200);

        assertTrue(many.upper() - many.lower() < (few.upper() - few.lower()) / 5);
        assertTrue(many.lower() < 0.8 && 0.8 < many.upper());
    }

    @Test
    void negativeCountsAndNonPositivePriorsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> BetaInterval.of(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> BetaInterval.of(1, 1, 0, 1));
    }
}
