package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static dev.laurel.rewardmodel.RewardModelResourceTest.awaitFinished;
import static dev.laurel.rewardmodel.RewardModelResourceTest.submit;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RewardScorerTest {
    private static final String PROMPT = "How do I tune a guitar?";
    private static final String HELPFUL = "Here is a simple way: tune the low E string first, then each next string against it, step by step.";
    private static final String CURT = "No idea. Not my problem.";

    @Inject
    RewardScorer scorer;

    @Inject
    GenerationScores generations;

    private static GenerationScores.NewReply reply(long generationId, String text) {
        return new GenerationScores.NewReply(generationId, 0, 0, 0, PROMPT, text);
    }

    @Test
    void theActiveModelScoresInBatchesJudgesPairsAndPreScoresGenerationsOnce() {
        Fixtures.User modeler = Fixtures.modeler();
        long team = QuarkusTransaction.requiringNew().call(() -> User.findByUsername(modeler.username()).teamId);
        long model = awaitFinished(modeler, submit(modeler, trainingFile(21), "?epochs=30&seed=5")).getLong("modelId");

        // trained but not active: nothing scores yet
        assertTrue(scorer.judge(team, List.of(new RewardScorer.Pair(PROMPT, HELPFUL, CURT))).isEmpty());
        assertTrue(generations.preScore(team, reply(900_001L, HELPFUL)).isEmpty());

        as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200);

        List<RewardScorer.Judgement> judged = scorer.judge(team, List.of(
                new RewardScorer.Pair(PROMPT, HELPFUL, CURT), new RewardScorer.Pair(PROMPT, CURT, CURT + " "))).orElseThrow();
        assertEquals(model, judged.get(0).modelId());
        assertTrue(judged.get(0).probabilityA() > 0.5, judged.toString());
        assertEquals(judged.get(0).probabilityA() - 0.5, judged.get(0).certainty(), 1e-9);
        // two near-identical replies: the model cannot tell them apart
        assertTrue(judged.get(1).isUnsure(0.05), judged.toString());
        assertTrue(judged.get(1).certainty() < judged.get(0).certainty());

        // more items than one forward batch (256): same rewards as scoring each alone
        List<RewardScorer.Item> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(new RewardScorer.Item(PROMPT, i % 2 == 0 ? HELPFUL : CURT));
        }
        float[] rewards = scorer.rewards(team, many).orElseThrow().values();
        assertEquals(300, rewards.length);
        float[] alone = scorer.rewards(team, List.of(many.get(0), many.get(1))).orElseThrow().values();
        assertArrayEquals(alone, new float[] {rewards[298], rewards[299]}, 1e-5f);

        GenerationReward first = generations.preScore(team, reply(900_001L, HELPFUL)).orElseThrow();
        GenerationReward again = generations.preScore(team, reply(900_001L, HELPFUL)).orElseThrow();
        assertEquals(first.id, again.id);
        assertEquals(model, first.modelId);
        assertEquals(rewards[0], first.reward, 1e-5);
        assertEquals(1, generations.of(900_001L).size());
    }
}
