package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.laurel.platform.ModelEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptGroupTest {
    private static final String CHESS = "How do I get better at chess?";
    private static final String BREAD = "Why does bread go stale?";

    /** Chess: replies a, b, c; a beat b twice and lost to it once (annotators disagree). Bread: one pair. */
    private static final List<PreferencePair> PAIRS = List.of(
            PreferencePair.of(CHESS, "a", "b"), PreferencePair.of(CHESS, "a", "b"), PreferencePair.of(CHESS, "b", "a"),
            PreferencePair.of(BREAD, "x", "y"),
            PreferencePair.of(CHESS, "a", "c"), PreferencePair.of(CHESS, "c", "b"));

    private static final Map<String, Float> REWARD = Map.of("a", 0.7f, "b", -0.2f, "c", 0.1f, "x", 1.5f, "y", 2.0f);

    @Test
    void eachPromptKeepsItsDistinctRepliesAndCountsIdenticalVotes() {
        List<PromptGroup> groups = PromptGroup.of(PAIRS);
        assertEquals(List.of(CHESS, BREAD), groups.stream().map(PromptGroup::prompt).toList());
        PromptGroup chess = groups.get(0);
        assertEquals(List.of("a", "b", "c"), chess.replies());
        assertEquals(List.of(new PromptGroup.Comparison(0, 1, 0, 2), new PromptGroup.Comparison(1, 0, 0, 1),
                new PromptGroup.Comparison(0, 2, 0, 1), new PromptGroup.Comparison(2, 1, 0, 1)), chess.comparisons());
        assertEquals(5, chess.votes());
        // 4 texts for 5 pairs, where pair by pair the encoder would read 15
        assertEquals(4, chess.sequences());
        assertEquals(6, PromptGroup.votes(groups));
    }

    @Test
    void chunksCloseOnceTheyHoldEnoughPairs() {
        List<PromptGroup> groups = PromptGroup.of(PAIRS);
        PromptGroup chess = groups.get(0);
        PromptGroup bread = groups.get(1);
        assertEquals(List.of(List.of(chess), List.of(bread, bread, chess)),
                PromptGroup.chunks(List.of(chess, bread, bread, chess), 3));
        assertEquals(List.of(List.of(bread, bread), List.of(bread)), PromptGroup.chunks(List.of(bread, bread, bread), 2));
    }

    @Test
    void theGroupedLossIsThePerPairLossOfEachPromptAveragedOverPrompts() {
        BradleyTerryLoss loss = new BradleyTerryLoss(0.01f);
        List<PromptGroup> groups = PromptGroup.of(PAIRS);
        List<PreferencePair> chessPairs = PAIRS.stream().filter(p -> p.prompt().equals(CHESS)).toList();
        List<PreferencePair> breadPairs = PAIRS.stream().filter(p -> p.prompt().equals(BREAD)).toList();
        try (NDManager manager = ModelEngines.pytorch().newBaseManager()) {
            float chess = perPair(manager, loss, chessPairs);
            PromptGroup.Batch one = PromptGroup.Batch.of(manager, groups.subList(0, 1), 1);
            assertEquals(chess, one.loss(loss, rewards(manager, groups.subList(0, 1))).getFloat(), 1e-6);

            // a step of both prompts: each prompt's mean weighs half, though chess has 5 pairs and bread 1
            PromptGroup.Batch both = PromptGroup.Batch.of(manager, groups, 2);
            NDArray rewards = rewards(manager, groups);
            float bread = perPair(manager, loss, breadPairs);
            assertEquals((chess + bread) / 2, both.loss(loss, rewards).getFloat(), 1e-6);

            // figures per pair count every vote: the mean per-pair loss over all 6 pairs, 4 of 6 ranked right
            double[] tally = both.tally(loss, rewards);
            assertEquals(perPair(manager, loss, PAIRS), tally[0] / 6, 1e-6);
            assertEquals(4, tally[1]);
            double margin = 0;
            for (PreferencePair pair : PAIRS) {
                margin += REWARD.get(pair.chosen()) - REWARD.get(pair.rejected());
            }
            assertEquals(margin, tally[2], 1e-5);
        }
    }

    /** The pair trainers' loss: chosen rewards then rejected ones, one row per pair. */
    private static float perPair(NDManager manager, BradleyTerryLoss loss, List<PreferencePair> pairs) {
        float[] rewards = new float[2 * pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            rewards[i] = REWARD.get(pairs.get(i).chosen());
            rewards[pairs.size() + i] = REWARD.get(pairs.get(i).rejected());
        }
        return loss.evaluate(new NDList(manager.create(new float[pairs.size()])), new NDList(manager.create(rewards))).getFloat();
    }

    /** One reward per distinct reply, in the batch's order. */
    private static NDArray rewards(NDManager manager, List<PromptGroup> groups) {
        List<String> replies = new ArrayList<>(PromptGroup.replies(groups));
        float[] rewards = new float[replies.size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = REWARD.get(replies.get(i));
        }
        return manager.create(rewards);
    }
}
