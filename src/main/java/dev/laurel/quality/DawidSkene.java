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
 * It starts from the soft majority vote (each item's vote shares), the initialisation whose RTE
 * result (7.12% error) Zhang, Chen, Zhou &amp; Jordan report in "Spectral Methods Meet EM" (JMLR 2016).
 */
public final class DawidSkene {

    /**
     * Pseudo-count added to every confusion cell and class prior. A labeler who never used some class
     * would otherwise get a zero probability for it, and one such label would veto a class outright.
     * Any value from 0.1 to 0.5 gives the published 7.12% on RTE; 0.01 tips one more item (7.25%).
     */
    static final double SMOOTHING = 0.1;

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
     */
    public record Result(Map<String, double[]> posteriors, Map<String, double[][]> confusions,
                         double[] priors, int iterations, boolean converged) {

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
     * is reached; with {@code maxIterations = 0} the posteriors are the soft majority vote.
     *
     * @param classes number of classes; every label value must lie in {@code 0 .. classes-1}
     */
    public static Result fit(List<Label> labels, int classes, int maxIterations, double tolerance) {
        if (classes < 2) {
            throw new IllegalArgumentException("Need at least 2 classes, got " + classes);
        }
        if (maxIterations < 0 || !(tolerance >= 0)) {
            throw new IllegalArgumentException("maxIterations and tolerance must not be negative");
        }
        Crowd crowd = Crowd.of(labels, classes);
        double[] posterior = crowd.softMajorityVote();
        double[] priors = new double[classes];
        double[] confusion = new double[crowd.labelers.size() * classes * classes];

        int iteration = 0;
        boolean converged = false;
        while (iteration < maxIterations && !converged) {
            iteration++;
            crowd.maximize(posterior, priors, confusion);
            converged = crowd.expect(priors, confusion, posterior) <= tolerance;
        }
        crowd.maximize(posterior, priors, confusion);
        return crowd.result(posterior, priors, confusion, iteration, converged);
    }

    /**
     * The labels as flat index arrays grouped by item ({@code first[i] .. first[i+1]} are item i's
     * labels), so each EM step is a few tight loops over primitives.
     */
    private static final class Crowd {
        final int classes;
        final Map<String, Integer> items;
        final Map<String, Integer> labelers;
        final int[] first;
        /**
         * Per label: the flat confusion index of (its labeler, truth 0, its value); truth k is
         * {@code k * classes} further on. Layout: {@code labeler * classes² + truth * classes + said}.
         */
        final int[] column;

        private Crowd(int classes, Map<String, Integer> items, Map<String, Integer> labelers, int[] first, int[] column) {
            this.classes = classes;
            this.items = items;
            this.labelers = labelers;
            this.first = first;
            this.column = column;
        }

        static Crowd of(List<Label> labels, int classes) {
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
            return new Crowd(classes, items, labelers, first, grouped);
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

        /** M-step: smoothed priors and row-normalised confusion matrices from the soft labels. */
        void maximize(double[] posterior, double[] priors, double[] confusion) {
            Arrays.fill(priors, SMOOTHING);
            Arrays.fill(confusion, SMOOTHING);
            for (int i = 0; i < items.size(); i++) {
                for (int k = 0; k < classes; k++) {
                    double p = posterior[i * classes + k];
                    priors[k] += p;
                    for (int n = first[i]; n < first[i + 1]; n++) {
                        confusion[column[n] + k * classes] += p;
                    }
                }
            }
            double priorTotal = items.size() + classes * SMOOTHING;
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

        Result result(double[] posterior, double[] priors, double[] confusion, int iterations, boolean converged) {
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
            return new Result(posteriors, confusions, priors.clone(), iterations, converged);
        }
    }
}
