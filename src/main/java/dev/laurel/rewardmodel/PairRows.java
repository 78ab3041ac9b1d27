package dev.laurel.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.Arrays;
import java.util.Random;

/**
 * Preference pairs as the trainers feed them: chosen and rejected inputs (one row per pair) and their
 * margins, on the training device for the whole run. Shared by the reward-head trainer (embeddings)
 * and the scorer fine-tuner (token ids).
 */
record PairRows(NDArray chosen, NDArray rejected, NDArray margins, int size) {

    /** Rows {@code permutation[start..end)} as one batch owned by {@code scope}. */
    PairRows batch(NDManager scope, long[] permutation, int start, int end) {
        NDIndex take = new NDIndex("{}", scope.create(Arrays.copyOfRange(permutation, start, end)));
        NDArray batchChosen = chosen.get(take);
        NDArray batchRejected = rejected.get(take);
        NDArray batchMargins = margins.get(take);
        batchChosen.attach(scope);
        batchRejected.attach(scope);
        batchMargins.attach(scope);
        return new PairRows(batchChosen, batchRejected, batchMargins, end - start);
    }

    /** A Fisher-Yates permutation of 0..size-1 drawn from {@code random} (seeded: runs repeat). */
    static long[] shuffled(int size, Random random) {
        long[] permutation = new long[size];
        for (int i = 0; i < size; i++) {
            permutation[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long swap = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = swap;
        }
        return permutation;
    }
}
