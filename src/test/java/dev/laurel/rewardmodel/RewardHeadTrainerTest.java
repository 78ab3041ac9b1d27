package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardHeadTrainerTest {
    private static final RewardHeadTrainer.Settings FAST = new RewardHeadTrainer.Settings(
            32, 0.0f, 60, 32, 3e-3f, 0.0f, 0.25, 5, 0.0f, 7);

    @Test
    void learnsAHiddenPreferenceRuleOnHeldOutPrompts() {
        List<PreferencePair> pairs = SyntheticPreferences.pairs(40, 20, 1);
        RewardHeadTrainer.Result result = new RewardHeadTrainer(FAST).train(pairs, SyntheticPreferences.embedder(), m -> { });
        assertTrue(result.best().validationAccuracy() > 0.85, "held-out accuracy " + result.best());
        assertEquals(10, result.validationPrompts());
        assertEquals(30, result.trainingPrompts());
    }

    @Test
    void everyEpochIsReportedInOrder() {
        List<RewardHeadTrainer.EpochMetrics> seen = new ArrayList<>();
        RewardHeadTrainer.Result result = new RewardHeadTrainer(FAST.withMaxEpochs(4))
                .train(SyntheticPreferences.pairs(10, 10, 2), SyntheticPreferences.embedder(), seen::add);
        assertEquals(result.history(), seen);
        assertEquals(List.of(1, 2, 3, 4), seen.stream().map(RewardHeadTrainer.EpochMetrics::epoch).toList());
        assertTrue(seen.stream().allMatch(m -> Double.isFinite(m.trainLoss()) && Double.isFinite(m.validationLoss())));
    }

    @Test
    void sameSeedGivesTheSameModel() {
        List<PreferencePair> pairs = SyntheticPreferences.pairs(12, 10, 3);
        RewardHeadTrainer.Result first = new RewardHeadTrainer(FAST.withMaxEpochs(5)).train(pairs, SyntheticPreferences.embedder(), m -> { });
        RewardHeadTrainer.Result second = new RewardHeadTrainer(FAST.withMaxEpochs(5)).train(pairs, SyntheticPreferences.embedder(), m -> { });
        assertArrayEquals(first.parameters(), second.parameters());
        assertEquals(first.history(), second.history());
        RewardHeadTrainer.Result other = new RewardHeadTrainer(FAST.withMaxEpochs(5).withSeed(8)).train(pairs, SyntheticPreferences.embedder(), m -> { });
        assertTrue(!java.util.Arrays.equals(first.parameters(), other.parameters()));
    }

    @Test
    void stopsEarlyWhenValidationLossStopsImproving() {
        // labels are coin flips: nothing generalises, so the validation loss soon stops falling
        List<PreferencePair> noise = new ArrayList<>();
        java.util.Random random = new java.util.Random(4);
        for (PreferencePair p : SyntheticPreferences.pairs(20, 10, 4)) {
            noise.add(random.nextBoolean() ? p : PreferencePair.of(p.prompt(), p.rejected(), p.chosen()));
        }
        RewardHeadTrainer.Result result = new RewardHeadTrainer(FAST.withMaxEpochs(200)).train(noise, SyntheticPreferences.embedder(), m -> { });
        assertTrue(result.history().size() < 200, "ran " + result.history().size() + " epochs");
        assertEquals(result.history().size() - FAST.patience(), result.bestEpoch());
    }

    @Test
    void savedParametersScoreLikeTheTrainedModel() {
        List<PreferencePair> pairs = SyntheticPreferences.pairs(20, 20, 5);
        RewardHeadTrainer.Result result = new RewardHeadTrainer(FAST).train(pairs, SyntheticPreferences.embedder(), m -> { });
        try (RewardHead head = RewardHead.load(result.parameters(), result.architecture())) {
            int agree = 0;
            for (PreferencePair pair : pairs) {
                float[] p = SyntheticPreferences.vector(pair.prompt());
                float[] r = head.score(new float[][] {p, p},
                        new float[][] {SyntheticPreferences.vector(pair.chosen()), SyntheticPreferences.vector(pair.rejected())});
                agree += r[0] > r[1] ? 1 : 0;
            }
            assertTrue(agree > 0.85 * pairs.size(), agree + " of " + pairs.size());
        }
    }
}
