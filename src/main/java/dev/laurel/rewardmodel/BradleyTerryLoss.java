package dev.laurel.rewardmodel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Bradley-Terry (1952) pairwise loss as used for reward models (Ouyang et al. 2022; Llama 2's margin
 * variant, Touvron et al. 2023): {@code softplus(−(r_chosen − r_rejected − margin))}, the negative log
 * of the probability that the chosen reply wins, with an optional reward-centering penalty
 * {@code λ·(r_chosen + r_rejected)²} (Eisenstein et al. 2023) that keeps rewards near zero, since the
 * loss itself only fixes differences.
 *
 * <p>Predictions are one column of {@code 2B} rewards, chosen replies first, then rejected ones; the
 * label is the {@code B} margins.
 */
public final class BradleyTerryLoss extends Loss {
    private final float centering;

    public BradleyTerryLoss(float centering) {
        super("BradleyTerryLoss");
        this.centering = centering;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray margins = labels.singletonOrThrow();
        NDArray rewards = predictions.singletonOrThrow().reshape(-1);
        long pairs = rewards.getShape().get(0) / 2;
        NDArray chosen = rewards.get("0:" + pairs);
        NDArray rejected = rewards.get(pairs + ":");
        return terms(chosen, rejected, margins).mean();
    }

    /** The loss of each pair, before averaging: for weighted sums over pairs ({@link PromptGroup.Batch}). */
    NDArray terms(NDArray chosen, NDArray rejected, NDArray margins) {
        NDArray loss = softplus(chosen.sub(rejected).sub(margins).neg());
        if (centering > 0) {
            loss = loss.add(chosen.add(rejected).square().mul(centering));
        }
        return loss;
    }

    /** log(1 + eˣ) computed as max(x, 0) + log(1 + e^−|x|), which never overflows. */
    static NDArray softplus(NDArray x) {
        return x.maximum(0).add(x.abs().neg().exp().add(1).log());
    }
}
