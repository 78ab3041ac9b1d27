package dev.laurel.rewardmodel;

import java.util.function.Supplier;

/**
 * Early stopping on the validation loss, shared by the reward-head trainer and the scorer
 * fine-tuner: keeps a snapshot of the best epoch's parameters and says when {@code patience} epochs
 * passed without improvement. Without a validation set there is nothing to stop on: the last epoch
 * wins, and one snapshot after the loop is enough.
 */
final class EarlyStopping {
    private static final double MIN_IMPROVEMENT = 1e-4;

    private final boolean validated;
    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int stale;
    private byte[] best;

    EarlyStopping(boolean validated, int patience) {
        this.validated = validated;
        this.patience = patience;
    }

    /** Records an epoch's validation loss (ignored without validation); true when training should stop. */
    boolean record(int epoch, double validationLoss, Supplier<byte[]> snapshot) {
        double watched = validated ? validationLoss : -epoch;
        if (watched < bestLoss - MIN_IMPROVEMENT) {
            bestLoss = watched;
            bestEpoch = epoch;
            best = validated ? snapshot.get() : null;
            stale = 0;
        } else {
            stale++;
        }
        return validated && stale >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    /** The best epoch's parameters; without validation, {@code last} (the parameters now). */
    byte[] best(Supplier<byte[]> last) {
        return best == null ? last.get() : best;
    }
}
