package dev.laurel.quality;

import static dev.laurel.quality.KrippendorffAlpha.Metric.INTERVAL;
import static dev.laurel.quality.KrippendorffAlpha.Metric.NOMINAL;
import static dev.laurel.quality.KrippendorffAlpha.Metric.ORDINAL;
import static dev.laurel.quality.KrippendorffAlpha.Metric.RATIO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KrippendorffAlphaTest {

    private static final double M = Double.NaN;

    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 coders × 12 units
     * with missing values, transposed here to one row per unit (coders A, B, C, D).
     */
    private static final double[][] RELIABILITY_DATA = {
        {1, 1, M, 1},
        {2, 2, 3, 2},
        {3, 3, 3, 3},
        {3, 3, 3, 3},
        {2, 2, 2, 2},
        {1, 2, 3, 4},
        {4, 4, 4, 4},
        {1, 1, 2, 1},
        {2, 2, 2, 2},
        {M, 5, 5, 5},
        {M, M, 1, 1},
        {M, 3, M, M},
    };

    @Test
    void krippendorffsReliabilityExampleGivesThePublishedAlphas() {
        assertEquals(0.743, KrippendorffAlpha.alpha(RELIABILITY_DATA, NOMINAL), 5e-4);
        assertEquals(0.815, KrippendorffAlpha.alpha(RELIABILITY_DATA, ORDINAL), 5e-4);
        assertEquals(0.849, KrippendorffAlpha.alpha(RELIABILITY_DATA, INTERVAL), 5e-4);
        assertEquals(0.797, KrippendorffAlpha.alpha(RELIABILITY_DATA, RATIO), 5e-4);
    }

    @Test
    void handComputedNominalCaseIsEightFifteenths() {
        // coincidences o11 = 2, o12 = o21 = 1, o22 = 4; n1 = 3, n2 = 5, n = 8
        // alpha = 1 - (n - 1) * (o12 + o21) / (2 * n1 * n2) = 1 - 7 * 2 / 30
        double[][] units = {{1, 1}, {1, 2}, {2, 2}, {2, 2}};

        assertEquals(8.0 / 15, KrippendorffAlpha.alpha(units, NOMINAL), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KrippendorffAlpha.Metric.class)
    void perfectAgreementGivesOne(KrippendorffAlpha.Metric metric) {
        double[][] units = {{1, 1, 1}, {2, 2, M}, {5, M, 5}};

        assertEquals(1.0, KrippendorffAlpha.alpha(units, metric), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KrippendorffAlpha.Metric.class)
    void unitsWithASingleValueChangeNothing(KrippendorffAlpha.Metric metric) {
        double[][] withLoneValues = Arrays.copyOf(RELIABILITY_DATA, RELIABILITY_DATA.length + 2);
        withLoneValues[RELIABILITY_DATA.length] = new double[] {M, M, 9, M};
        withLoneValues[RELIABILITY_DATA.length + 1] = new double[] {M, M, M, M};

        assertEquals(KrippendorffAlpha.alpha(RELIABILITY_DATA, metric),
                KrippendorffAlpha.alpha(withLoneValues, metric), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(KrippendorffAlpha.Metric.class)
    void reorderingCodersAndUnitsChangesNothing(KrippendorffAlpha.Metric metric) {
        double[][] reordered = new double[RELIABILITY_DATA.length][];
        for (int u = 0; u < RELIABILITY_DATA.length; u++) {
            double[] unit = RELIABILITY_DATA[RELIABILITY_DATA.length - 1 - u];
            reordered[u] = new double[] {unit[3], unit[1], unit[0], unit[2]};
        }

        assertEquals(KrippendorffAlpha.alpha(RELIABILITY_DATA, metric),
                KrippendorffAlpha.alpha(reordered, metric), 1e-12);
    }

    @Test
    void intervalMetricPenalisesFarDisagreementMoreThanNominal() {
        // the only disagreements are one step apart, which interval distance counts as small
        double[][] units = {{1, 2}, {5, 5}, {9, 9}, {2, 1}, {5, 5}, {9, 9}};

        assertTrue(KrippendorffAlpha.alpha(units, INTERVAL) > KrippendorffAlpha.alpha(units, NOMINAL));
    }

    @Test
    void alphaIsUndefinedWithoutVariationOrPairableValues() {
        assertTrue(Double.isNaN(KrippendorffAlpha.alpha(new double[][] {{3, 3}, {3, 3}}, NOMINAL)));
        assertTrue(Double.isNaN(KrippendorffAlpha.alpha(new double[][] {{1, M}, {M, 2}}, INTERVAL)));
        assertTrue(Double.isNaN(KrippendorffAlpha.alpha(new double[0][], ORDINAL)));
    }

    @Test
    void ratioMetricRejectsNegativeValues() {
        assertThrows(IllegalArgumentException.class,
                () -> KrippendorffAlpha.alpha(new double[][] {{-1, 2}, {3, 3}}, RATIO));
    }
}
