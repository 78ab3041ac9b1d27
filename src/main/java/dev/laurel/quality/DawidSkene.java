package dev.laurel.quality;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dawid &amp; Skene (1979), "Maximum Likelihood Estimation of Observer Error-Rates Using the EM
 * Algorithm", Journal of the Royal Statistical Society, Series C 28(1):20–28.
 *
 * <p>Each labeler has a confusion matrix {@code π[k][l] = P(says l | truth is k)}; items are
 * independent draws from the class priors. EM alternates between estimating the confusion matrices
 * and priors from soft item labels (M-step) and re-estimating the item posteriors from them (E-step).
 * It starts from the soft majority vote (each item's vote shares), the initialisation whose results
 * Zhang, Chen, Zhou &amp; Jordan report in "Spectral Methods Meet EM" (JMLR 2016): 7.12% error on RTE,
 * 15.74% on the 5-class web-search set.
 *
 * <p>The M-step adds pseudo-counts to every confusion row and the class priors, i.e. it estimates
 * each as its posterior mean under a Dirichlet prior: {@link Options#smoothing()} on every cell, plus
 * {@link Options#diagonalBonus()} on the cell where the answer is the truth. EM runs until it settles
 * (no posterior moves more than the tolerance), not for a fixed number of rounds, so the answer does
 * not depend on where EM happens to be stopped. Measured with the defaults (1 + 0.1), at convergence:
 * RTE 7.00%, TEMP 5.84%, web 15.30%. With the old 0.1 alone the web fit peaked near round 3 (15.6%)
 * and drifted to 17.26%: full confusion matrices of 177 workers, half of them with under 20 labels,
 * overfit, and there the light workers are in fact the poor ones (33% right against 68% for those
 * with 300+ labels), which a prior near "answers at random" discounts. The small diagonal bonus keeps
 * that prior from winning outright on tiny data: with the symmetric part alone, four items answered
 * by three labelers slid to the fixed point where everyone answers at random and every posterior is
 * 1/K. A strongly diagonal ("one-coin") prior was tried and is worse on web (18–20%), as it trusts
 * exactly those light workers.
 */
public final class DawidSkene {

    /**
     * How a fit settles.
     *
     * @param maxIterations EM iterations at most; 0 leaves the soft majority vote
     * @param tolerance     converged once no item posterior changes by more than this in an iteration
     * @param smoothing     pseudo-count added to every confusion cell and class prior. Without it a
     *                      labeler who never used some class gets a zero probability for it, and one such
     *                      label vetoes the class outright. With a diagonal bonus of 0.1, anything from
     *                      0.9 to 1.1 reaches the published error rates on RTE and web; 0.1 drifts to
     *                      17% on web, 1.25 and more cost RTE (7.38%)
     * @param diagonalBonus extra pseudo-count on each row's diagonal (the labeler says the truth): a
     *                      prior "a little better than chance"; 0.1 to 0.2 reach the published figures
     */
    public record Options(int maxIterations, double tolerance, double smoothing, double diagonalBonus) {
        /** The defaults of {@code laurel.quality.dawid-skene.*} ({@link QualityConfig.DawidSkeneFit}). */
        public static final Options DEFAULTS = new Options(1000, 1e-6, 1.0, 0.1);

        public Options {
            if (maxIterations < 0 || !(tolerance >= 0)) {
                throw new IllegalArgumentException("maxIterations and tolerance must not be negative");
            }
            if (!(smoothing > 0) || Double.isInfinite(smoothing)) {
                // zero would let a single unusual label veto a class (log 0) and can divide 0 by 0
                throw new IllegalArgumentException("smoothing must be positive, got " + smoothing);
            }
            if (!(diagonalBonus >= 0) || Double.isInfinite(diagonalBonus)) {
                throw new IllegalArgumentException("diagonalBonus must not be negative, got " + diagonalBonus);
            }
        }

        /** These options with other iteration limits, the prior unchanged. */
        public Options stopping(int maxIterations, double tolerance) {
            return new Options(maxIterations, tolerance, smoothing, diagonalBonus);
        }
    }

    private DawidSkene() {
    }

    /** The most likely class of an item and its posterior probability. */
    public record Estimate(int value, double confidence) {
    }

    /**
     * What EM converged to. Arrays are owned by the result; callers must not modify them.
     *
     * @param posteriors item → P(truth = k), in order of the item's first label
     * @param confusions labeler → {@code π[truth][said]}, estimated from the returned posteriors
     * @param priors     P(truth = k)
     * @param iterations EM iterations run
     * @param converged  whether no posterior moved more than the tolerance in the last iteration
     * @param lastChange the largest change of any posterior in the last iteration (NaN if none ran),
     *                   which says how far from settled a fit that did not converge stopped
     */
    public record Result(Map<String, double[]> posteriors, Map<String, double[][]> confusions,
                         double[] priors, int iterations, boolean converged, double lastChange) {

        /** The argmax class of {@code item} (the smallest class on an exact tie) with its probability. */
        public Estimate estimate(String item) {
            double[] posterior = posteriors.get(item);
            if (posterior == null) {
                throw new IllegalArgumentException("Item '" + item + "' has no labels");
            }
            int best = 0;
            for (int k = 1; k < posterior.length; k++) {
                if (posterior[k] > posterior[best]) {
                    best = k;
                }
            }
            return new Estimate(best, posterior[best]);
        }

        /** {@link #estimate(String)} for every item. */
        public Map<String, Estimate> estimates() {
            Map<String, Estimate> estimates = new LinkedHashMap<>();
            posteriors.keySet().forEach(item -> estimates.put(item, estimate(item)));
            return estimates;
        }

        /** The argmax class of every item, comparable with {@link MajorityVote#labels()}. */
        public Map<String, Integer> labels() {
            Map<String, Integer> labels = new LinkedHashMap<>();
            posteriors.keySet().forEach(item -> labels.put(item, estimate(item).value()));
            return labels;
        }

        /** The labeler's probability of answering correctly on a random item: Σ_k prior[k]·π[k][k]. */
        public double accuracy(String labeler) {
            double[][] confusion = confusions.get(labeler);
            if (confusion == null) {
                throw new IllegalArgumentException("Labeler '" + labeler + "' has no labels");
            }
            double accuracy = 0;
            for (int k = 0; k < priors.length; k++) {
                accuracy += priors[k] * confusion[k][k];
            }
            return accuracy;
        }
    }

    /**
     * Runs EM until no item posterior changes by more than {@code tolerance} or {@code maxIterations}
     * is reached, with the default prior; with {@code maxIterations = 0} the posteriors are the
     * soft majority vote.
     *
     * @param classes number of classes; every label value must lie in {@code 0 .. classes-1}
     */
    public static Result fit(List<Label> labels, int classes, int maxIterations, double tolerance) {
        return fit(labels, classes, Options.DEFAULTS.stopping(maxIterations, tolerance));
    }

    /**
     * Runs EM from the soft majority vote until it settles or runs out of iterations; the result says
     * which ({@link Result#converged()}, {@link Result#lastChange()}).
     *
     * @param classes number of classes; every label value must lie in {@code 0 .. classes-1}
     */
    public static Result fit(List<Label> labels, int classes, Options options) {
        if (classes < 2) {
            throw new IllegalArgumentException("Need at least 2 classes, got " + classes);
        }
        Crowd crowd = Crowd.of(labels, classes, options.smoothing(), options.diagonalBonus());
        double[] posterior = crowd.softMajorityVote();
        double[] priors = new double[classes];
        double[] confusion = new double[crowd.labelers.size() * classes * classes];

        int iteration = 0;
        double change = Double.NaN;
        boolean converged = false;
        while (iteration < options.maxIterations() && !converged) {
            iteration++;
            crowd.maximize(posterior, priors, confusion);
            change = crowd.expect(priors, confusion, posterior);
            converged = change <= options.tolerance();
        }
        crowd.maximize(posterior, priors, confusion);
        return crowd.result(posterior, priors, confusion, iteration, converged, change);
    }

    /**
     * The labels as flat index arrays grouped by item ({@code first[i] .. first[i+1]} are item i's
     * labels), so each EM step is a few tight loops over primitives.
     */
    private static final class Crowd {
        final int classes;
        final double smoothing;
        final double diagonalBonus;
        final Map<String, Integer> items;
        final Map<String, Integer> labelers;
        final int[] first;
        /**
         * Per label: the flat confusion index of (its labeler, truth 0, its value); truth k is
         * {@code k * classes} further on. Layout: {@code labeler * classes² + truth * classes + said}.
         */
        final int[] column;

        private Crowd(int classes, double smoothing, double diagonalBonus, Map<String, Integer> items,
                      Map<String, Integer> labelers, int[] first, int[] column) {
            this.classes = classes;
            this.smoothing = smoothing;
            this.diagonalBonus = diagonalBonus;
            this.items = items;
            this.labelers = labelers;
            this.first = first;
            this.column = column;
        }

        static Crowd of(List<Label> labels, int classes, double smoothing, double diagonalBonus) {
            Map<String, Integer> items = new LinkedHashMap<>();
            Map<String, Integer> labelers = new LinkedHashMap<>();
            int[] item = new int[labels.size()];
            int[] column = new int[labels.size()];
            int n = 0;
            for (Label label : labels) {
                if (label.value() < 0 || label.value() >= classes) {
                    throw new IllegalArgumentException("Label of '" + label.labeler() + "' on item '" + label.item()
                            + "' is " + label.value() + ", outside the classes 0.." + (classes - 1));
                }
                item[n] = items.computeIfAbsent(label.item(), id -> items.size());
                int labeler = labelers.computeIfAbsent(label.labeler(), id -> labelers.size());
                column[n] = labeler * classes * classes + label.value();
                n++;
            }
            // counting sort by item, stable so each item keeps its labels in input order
            int[] first = new int[items.size() + 1];
            for (int i : item) {
                first[i + 1]++;
            }
            for (int i = 0; i < items.size(); i++) {
                first[i + 1] += first[i];
            }
            int[] next = Arrays.copyOf(first, items.size());
            int[] grouped = new int[column.length];
            for (n = 0; n < column.length; n++) {
                grouped[next[item[n]]++] = column[n];
            }
            return new Crowd(classes, smoothing, diagonalBonus, items, labelers, first, grouped);
        }

        double[] softMajorityVote() {
            double[] posterior = new double[items.size() * classes];
            for (int i = 0; i < items.size(); i++) {
                double share = 1.0 / (first[i + 1] - first[i]);
                for (int n = first[i]; n < first[i + 1]; n++) {
                    int said = column[n] % classes;  // classes² is a multiple of classes
                    posterior[i * classes + said] += share;
                }
            }
            return posterior;
        }

        /** M-step: smoothed priors and row-normalised confusion matrices (with the prior's pseudo-counts) from the soft labels. */
        void maximize(double[] posterior, double[] priors, double[] confusion) {
            Arrays.fill(priors, smoothing);
            Arrays.fill(confusion, smoothing);
            for (int row = 0; row < confusion.length; row += classes) {
                confusion[row + (row / classes) % classes] += diagonalBonus;  // row r is truth r mod classes
            }
            for (int i = 0; i < items.size(); i++) {
                for (int k = 0; k < classes; k++) {
                    double p = posterior[i * classes + k];
                    priors[k] += p;
                    for (int n = first[i]; n < first[i + 1]; n++) {
                        confusion[column[n] + k * classes] += p;
                    }
                }
            }
            double priorTotal = items.size() + classes * smoothing;
            for (int k = 0; k < classes; k++) {
                priors[k] /= priorTotal;
            }
            for (int row = 0; row < confusion.length; row += classes) {
                double total = 0;
                for (int l = 0; l < classes; l++) {
                    total += confusion[row + l];
                }
                for (int l = 0; l < classes; l++) {
                    confusion[row + l] /= total;
                }
            }
        }

        /** E-step: item posteriors from priors and confusions; returns the largest change of any posterior. */
        double expect(double[] priors, double[] confusion, double[] posterior) {
            double[] logPriors = new double[classes];
            for (int k = 0; k < classes; k++) {
                logPriors[k] = Math.log(priors[k]);
            }
            double[] logConfusion = new double[confusion.length];
            for (int c = 0; c < confusion.length; c++) {
                logConfusion[c] = Math.log(confusion[c]);
            }
            double change = 0;
            double[] score = new double[classes];
            for (int i = 0; i < items.size(); i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < classes; k++) {
                    score[k] = logPriors[k];
                    for (int n = first[i]; n < first[i + 1]; n++) {
                        score[k] += logConfusion[column[n] + k * classes];
                    }
                    max = Math.max(max, score[k]);
                }
                double total = 0;
                for (int k = 0; k < classes; k++) {
                    // shifted by the max so that many labels per item cannot underflow every class to 0
                    score[k] = Math.exp(score[k] - max);
                    total += score[k];
                }
                for (int k = 0; k < classes; k++) {
                    double updated = score[k] / total;
                    change = Math.max(change, Math.abs(updated - posterior[i * classes + k]));
                    posterior[i * classes + k] = updated;
                }
            }
            return change;
        }

        Result result(double[] posterior, double[] priors, double[] confusion, int iterations, boolean converged,
                      double lastChange) {
            Map<String, double[]> posteriors = new LinkedHashMap<>();
            items.forEach((id, i) -> posteriors.put(id,
                    Arrays.copyOfRange(posterior, i * classes, (i + 1) * classes)));
            Map<String, double[][]> confusions = new LinkedHashMap<>();
            labelers.forEach((id, j) -> {
                double[][] matrix = new double[classes][];
                for (int k = 0; k < classes; k++) {
                    int row = (j * classes + k) * classes;
                    matrix[k] = Arrays.copyOfRange(confusion, row, row + classes);
                }
                confusions.put(id, matrix);
            });
            return new Result(posteriors, confusions, priors.clone(), iterations, converged, lastChange);
        }
    }
}
