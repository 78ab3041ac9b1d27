package dev.laurel.quality;

import java.util.List;

/**
 * Posterior over the true class of one item under the "one-coin" symmetric noise model: a labeler of
 * accuracy q answers the true class with probability q and each of the other K-1 classes with
 * probability (1-q)/(K-1), independently of the others; the prior is uniform. This is Dawid &amp; Skene
 * (1979) with every confusion matrix constrained to one parameter, the setting in which Sheng,
 * Provost &amp; Ipeirotis, "Get Another Label? Improving Data Quality and Data Mining Using Multiple,
 * Noisy Labelers" (KDD 2008) study when to ask for one more label.
 *
 * <p>It drives dynamic overlap: keep asking for answers on an item until {@link #isSettled(double)}.
 */
public final class ConsensusPosterior {

    /** A labeler's answer on the item and that labeler's estimated accuracy, strictly between 0 and 1. */
    public record Answer(int value, double accuracy) {
    }

    private final double[] probabilities;

    private ConsensusPosterior(double[] probabilities) {
        this.probabilities = probabilities;
    }

    /**
     * A labeler's accuracy from gold answers: {@code (0.5 + correct) / (1 + seen)}, i.e. the
     * Beta(1/2, 1/2) (Jeffreys) posterior mean, so a newcomer counts as a coin flip and no one
     * reaches exactly 0 or 1 — a single answer can then never rule a class out for good.
     */
    public static double accuracy(long correctGold, long goldSeen) {
        if (correctGold < 0 || correctGold > goldSeen) {
            throw new IllegalArgumentException("Correct gold answers must be between 0 and " + goldSeen
                    + ", got " + correctGold);
        }
        return (0.5 + correctGold) / (1.0 + goldSeen);
    }

    /** The posterior after {@code answers}; with no answers it is uniform. */
    public static ConsensusPosterior of(List<Answer> answers, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("Need at least 2 classes, got " + classes);
        }
        double[] logLikelihood = new double[classes];
        for (Answer answer : answers) {
            double q = answer.accuracy();
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("Accuracy must be strictly between 0 and 1, got " + q);
            }
            if (answer.value() < 0 || answer.value() >= classes) {
                throw new IllegalArgumentException("Answer " + answer.value() + " is outside the classes 0.."
                        + (classes - 1));
            }
            double right = Math.log(q);
            double wrong = Math.log((1 - q) / (classes - 1));
            for (int k = 0; k < classes; k++) {
                logLikelihood[k] += k == answer.value() ? right : wrong;
            }
        }
        return new ConsensusPosterior(normalize(logLikelihood));
    }

    /** P(true class = k | answers) for every class k. */
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The most probable class (the smallest one on an exact tie). */
    public int mostLikely() {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return best;
    }

    /** The probability of {@link #mostLikely()}. */
    public double confidence() {
        return probabilities[mostLikely()];
    }

    /** Whether the most probable class has reached {@code threshold}, so the item needs no more answers. */
    public boolean isSettled(double threshold) {
        return confidence() >= threshold;
    }

    private static double[] normalize(double[] logWeights) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logWeight : logWeights) {
            max = Math.max(max, logWeight);
        }
        double[] probabilities = new double[logWeights.length];
        double total = 0;
        for (int k = 0; k < logWeights.length; k++) {
            probabilities[k] = Math.exp(logWeights[k] - max);  // shifted so long answer lists cannot underflow
            total += probabilities[k];
        }
        for (int k = 0; k < probabilities.length; k++) {
            probabilities[k] /= total;
        }
        return probabilities;
    }
}
