package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.laurel.platform.ModelEngines;
import org.junit.jupiter.api.Test;

class BradleyTerryLossTest {
    @Test
    void isTheNegativeLogProbabilityThatTheChosenReplyWins() {
        try (NDManager manager = ModelEngines.pytorch().newBaseManager()) {
            // rewards: chosen 2, 0, 50 then rejected 0, 0, -50; margins 0, 1, 0
            NDList rewards = new NDList(manager.create(new float[] {2, 0, 50, 0, 0, -50}));
            NDList margins = new NDList(manager.create(new float[] {0, 1, 0}));
            double expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(1)) + Math.log1p(Math.exp(-100))) / 3;
            assertEquals(expected, new BradleyTerryLoss(0).evaluate(margins, rewards).getFloat(), 1e-6);
            // centering adds λ·mean((r_c + r_r)²) = 0.1 · (4 + 0 + 0) / 3
            assertEquals(expected + 0.1 * 4 / 3, new BradleyTerryLoss(0.1f).evaluate(margins, rewards).getFloat(), 1e-6);
        }
    }

    @Test
    void neverOverflowsForLargeDifferences() {
        try (NDManager manager = ModelEngines.pytorch().newBaseManager()) {
            NDList rewards = new NDList(manager.create(new float[] {-1000, 1000}));
            assertEquals(2000, new BradleyTerryLoss(0).evaluate(new NDList(manager.create(new float[] {0})), rewards).getFloat(), 1e-3);
        }
    }
}
