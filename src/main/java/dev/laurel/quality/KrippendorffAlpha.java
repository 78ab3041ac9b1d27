package dev.laurel.quality;

import java.util.Arrays;

/**
 * Krippendorff's alpha, as computed in K. Krippendorff (2011), "Computing Krippendorff's
 * Alpha-Reliability", Annenberg School for Communication, University of Pennsylvania, and in
 * "Content Analysis: An Introduction to Its Methodology" (2004), ch. 11.
 *
 * <p>{@code alpha = 1 - observed disagreement / disagreement expected by chance}, both taken from the
 * coincidence matrix of pairable values; 1 is perfect agreement, 0 is chance, below 0 is systematic
 * disagreement. Any number of coders, missing values allowed; units with fewer than two values carry
 * no information about agreement and are left out.
 */
public final class KrippendorffAlpha {

    /** How far apart two values are: categories, ranks, or numbers on an interval or ratio scale. */
    public enum Metric {
        NOMINAL, ORDINAL, INTERVAL, RATIO
    }

    private KrippendorffAlpha() {
    }

    /**
     * @param units  {@code units[u][c]} is coder c's value for unit u, {@code NaN} where c gave none;
     *               rows may differ in length
     * @return alpha, or {@code NaN} when it is undefined: no unit has two values, or all values are equal
     */
    public static double alpha(double[][] units, Metric metric) {
        double[] values = pairableValues(units);
        if (metric == Metric.RATIO && values.length > 0 && values[0] < 0) {
            throw new IllegalArgumentException("The ratio metric needs values of at least 0, got " + values[0]);
        }
        int size = values.length;
        double[][] coincidence = new double[size][size];
        for (double[] unit : units) {
            double[] present = present(unit);
            if (present.length < 2) {
                continue;
            }
            // every ordered pair of values from different coders, weighted 1/(m-1) so each unit counts m times
            double weight = 1.0 / (present.length - 1);
            for (int a = 0; a < present.length; a++) {
                for (int b = 0; b < present.length; b++) {
                    if (a != b) {
                        coincidence[index(values, present[a])][index(values, present[b])] += weight;
                    }
                }
            }
        }
        double[] marginal = new double[size];
        double total = 0;
        for (int c = 0; c < size; c++) {
            marginal[c] = Arrays.stream(coincidence[c]).sum();
            total += marginal[c];
        }
        double[][] distance = squaredDistances(values, marginal, metric);
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < size; c++) {
            for (int k = 0; k < size; k++) {
                observed += coincidence[c][k] * distance[c][k];
                expected += marginal[c] * marginal[k] * distance[c][k];
            }
        }
        if (expected == 0) {
            return Double.NaN;
        }
        return 1 - (total - 1) * observed / expected;
    }

    /** The sorted distinct values of units with at least two values: the rows and columns of the matrix. */
    private static double[] pairableValues(double[][] units) {
        return Arrays.stream(units)
                .map(KrippendorffAlpha::present)
                .filter(present -> present.length >= 2)
                .flatMapToDouble(Arrays::stream)
                .distinct()
                .sorted()
                .toArray();
    }

    private static double[] present(double[] unit) {
        return Arrays.stream(unit).filter(value -> !Double.isNaN(value)).toArray();
    }

    private static int index(double[] sortedValues, double value) {
        return Arrays.binarySearch(sortedValues, value);
    }

    /** δ² for every pair of values; the ordinal metric measures rank distance through the marginals. */
    private static double[][] squaredDistances(double[] values, double[] marginal, Metric metric) {
        int size = values.length;
        double[][] distance = new double[size][size];
        for (int c = 0; c < size; c++) {
            double between = 0;  // ordinal: Σ n_g for g from c to k, running as k grows
            for (int k = c; k < size; k++) {
                between += marginal[k];
                double d = switch (metric) {
                    case NOMINAL -> c == k ? 0 : 1;
                    case ORDINAL -> square(between - (marginal[c] + marginal[k]) / 2);
                    case INTERVAL -> square(values[c] - values[k]);
                    case RATIO -> c == k ? 0 : square((values[c] - values[k]) / (values[c] + values[k]));
                };
                distance[c][k] = d;
                distance[k][c] = d;
            }
        }
        return distance;
    }

    private static double square(double x) {
        return x * x;
    }
}
