package dev.laurel.rewardmodel;

import java.util.List;
import java.util.Optional;

/**
 * What other features ask of a team's <em>active</em> reward model: rewards for (prompt, reply) items,
 * and how sure it is which of two replies people will prefer. The arena's pair selection uses
 * {@link #judge} to show labelers the pairs the model cannot call; new generations are pre-scored with
 * {@link #rewards}. Everything is empty when the team has no active model.
 */
public interface RewardScorer {

    /** One (prompt, reply) to score. */
    record Item(String prompt, String reply) {
    }

    /** Two replies to one prompt. */
    record Pair(String prompt, String replyA, String replyB) {
    }

    /** Rewards of one model version, in the order of the items. */
    record Rewards(long modelId, int version, float[] values) {
    }

    /**
     * The model's view of a pair under Bradley-Terry: {@code probabilityA} = σ(r_a − r_b), and
     * {@code certainty} = |σ(r_a − r_b) − 0.5| in [0, 0.5]; near 0 the model cannot tell.
     */
    record Judgement(long modelId, float rewardA, float rewardB, double probabilityA, double certainty) {
        public static Judgement of(long modelId, float rewardA, float rewardB) {
            double p = 1 / (1 + Math.exp(-((double) rewardA - rewardB)));
            return new Judgement(modelId, rewardA, rewardB, p, Math.abs(p - 0.5));
        }

        public boolean isUnsure(double threshold) {
            return certainty < threshold;
        }
    }

    /** Rewards with the team's active model, computed in batches of any size. */
    Optional<Rewards> rewards(long teamId, List<Item> items);

    /** A judgement per pair with the team's active model (texts shared between pairs are embedded once). */
    Optional<List<Judgement>> judge(long teamId, List<Pair> pairs);
}
