package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end mode on a tiny slice (short window, a few pairs, a few updates): fast enough for CI.
 * The head is probed first (the default), then fine-tuned with the encoder.
 */
class EndToEndTrainerTest {
    private static final RewardHeadTrainer.Settings SETTINGS = new RewardHeadTrainer.Settings(
            64, 0.1f, 4, 8, 1e-3f, 0.01f, 0.25, 4, 0.01f, 42, RewardHeadTrainer.Mode.END_TO_END);
    private static final EndToEndTrainer.Options TINY = new EndToEndTrainer.Options(1e-4f, 16, 4, 0.1, 0.0f, true);

    /** Separable: the chosen reply is always polite and on topic, the rejected one a curt refusal. */
    static List<PreferencePair> toy() {
        String[] topics = {"rivers", "volcanoes", "bread", "chess", "tides", "bees", "comets", "glass"};
        List<PreferencePair> pairs = new ArrayList<>();
        for (String topic : topics) {
            pairs.add(new PreferencePair("Tell me about " + topic + ".",
                    "Gladly! Here is a short, friendly overview of " + topic + ".", "No. Go away.", 0));
            pairs.add(new PreferencePair("Explain " + topic + " simply.",
                    "Sure, here is a simple explanation of " + topic + ".", "I refuse to answer.", 0));
        }
        return pairs;
    }

    @Test
    void lossFallsAndScoringUsesTheTrainedEncoder() {
        List<PreferencePair> pairs = toy();
        EndToEndTrainer.Result result = new EndToEndTrainer(SETTINGS, TINY).train(pairs, m -> { });
        List<RewardHeadTrainer.EpochMetrics> history = result.history();
        assertEquals(5, history.size(), "the probe (epoch 0), then patience 4 over 4 epochs: every epoch runs");
        assertEquals(0, history.get(0).epoch());
        // the probed head is in the network before fine-tuning: an untrained head's loss would be about ln 2
        assertTrue(history.get(0).validationLoss() < 0.5, history.toString());
        assertTrue(history.get(history.size() - 1).trainLoss() < history.get(1).trainLoss(), history.toString());
        assertTrue(result.best().validationAccuracy() >= 0.75, history.toString());
        assertEquals(12, result.trainingPairs());
        assertTrue(result.pairsPerSecond() > 0);

        List<String> prompts = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        for (PreferencePair pair : pairs) {
            prompts.add(pair.prompt());
            replies.add(pair.chosen());
        }
        for (PreferencePair pair : pairs) {
            prompts.add(pair.prompt());
            replies.add(pair.rejected());
        }
        try (EndToEndRewardModel model = EndToEndRewardModel.load(result.parameters(), result.architecture())) {
            float[] trained = model.score(prompts, replies);
            int n = pairs.size();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += trained[i] > trained[n + i] ? 1 : 0;
            }
            assertTrue(correct >= n - 1, correct + " of " + n);
            // the same head over the shipped encoder scores differently: the saved encoder is the trained one
            model.encoder().loadOnnx(MiniLm.shippedWeights());
            float[] shipped = model.score(prompts, replies);
            double difference = 0;
            for (int i = 0; i < trained.length; i++) {
                difference += Math.abs(trained[i] - shipped[i]);
            }
            assertTrue(difference / trained.length > 1e-3, "mean |Δreward| " + difference / trained.length);
        }
    }

    /**
     * Training reads whole prompts: each prompt and each distinct reply goes through the encoder once an epoch,
     * however many pairs it is in (counted at the forward passes, not taken from the result).
     */
    @Test
    void eachTextIsEncodedOncePerEpoch() {
        List<PreferencePair> pairs = new ArrayList<>();
        for (String topic : new String[] {"rivers", "bees", "glass", "tides"}) {
            String prompt = "Tell me about " + topic + ".";
            String good = "Gladly! Here is a short overview of " + topic + ".";
            String fair = topic + " exist.";
            String bad = "No.";
            pairs.add(PreferencePair.of(prompt, good, fair));
            pairs.add(PreferencePair.of(prompt, good, bad));
            pairs.add(PreferencePair.of(prompt, fair, bad));
        }
        pairs.add(pairs.get(0)); // a second vote for the same pair
        List<Integer> passes = new ArrayList<>();
        EndToEndTrainer.Result result = new EndToEndTrainer(SETTINGS.withMaxEpochs(2).withValidationFraction(0),
                TINY.withProbeFirst(false)).onTrainingPass(passes::add).train(pairs, m -> { });
        assertEquals(13, result.trainingPairs());
        // 4 prompts + 12 replies an epoch, where pair by pair it was 13 pairs × 3 texts = 39
        assertEquals(16, result.trainingSequences());
        assertEquals(2 * 16, passes.stream().mapToInt(Integer::intValue).sum(), passes.toString());
        // a pass holds whole prompts (1 + 3 texts each); with micro-batches of 4 pairs, more than one pass an epoch
        assertTrue(passes.stream().allMatch(n -> n % 4 == 0), passes.toString());
        assertTrue(passes.size() > 2, passes.toString());
    }
}
