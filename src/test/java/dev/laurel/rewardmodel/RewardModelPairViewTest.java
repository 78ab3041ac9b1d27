package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static dev.laurel.rewardmodel.RewardModelResourceTest.awaitFinished;
import static dev.laurel.rewardmodel.RewardModelResourceTest.submit;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.task.PairUncertainty.ReplyPair;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The active reward model tells pair selection which pairs of a prompt's replies it cannot call. */
@QuarkusTest
class RewardModelPairViewTest {
    @Inject
    RewardModelUncertainty view;
    @Inject
    Candidates candidates;

    private static long candidate(Fixtures.User modeler, long campaign, String reply) {
        long id = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("rm-view"), "kind", "UPLOADED_OUTPUTS"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/jsonl").body("{\"prompt_id\": \"p1\", \"output\": \"" + reply + "\"}")
                .post("/api/candidates/" + id + "/campaigns/" + campaign + "/outputs").then().statusCode(201);
        return id;
    }

    @Test
    void theActiveModelRatesTheNearTwinPairLeastCertain() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        as(modeler.token()).contentType("application/jsonl").body("{\"id\": \"p1\", \"prompt\": \"How do I tune a guitar?\"}")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
        long helpful = candidate(modeler, campaign, "Here is a simple way: tune the low E string first, then each next string against it, step by step.");
        long curt = candidate(modeler, campaign, "No idea. Not my problem.");
        long curtTwin = candidate(modeler, campaign, "No idea. Not my problem at all.");
        Campaign entity = QuarkusTransaction.requiringNew().call(() -> Campaign.findById(campaign));
        long prompt = QuarkusTransaction.requiringNew().call(() -> Prompt.<Prompt>find("campaignId", campaign).firstResult().id);
        List<Candidates.Reply> replies = QuarkusTransaction.requiringNew().call(() -> candidates.replies(prompt));
        Map<Long, Candidates.Reply> byCandidate = new java.util.HashMap<>();
        replies.forEach(r -> byCandidate.put(r.candidateId(), r));
        List<ReplyPair> pairs = List.of(new ReplyPair(byCandidate.get(helpful), byCandidate.get(curt)),
                new ReplyPair(byCandidate.get(curt), byCandidate.get(curtTwin)));

        assertTrue(QuarkusTransaction.requiringNew().call(() -> view.of(entity, prompt, pairs)).isEmpty(),
                "no active reward model: no view");

        long model = awaitFinished(modeler, submit(modeler, trainingFile(3), "?epochs=30&seed=5")).getLong("modelId");
        as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200);

        double[] values = QuarkusTransaction.requiringNew().call(() -> view.of(entity, prompt, pairs)).orElseThrow();
        assertEquals(2, values.length);
        assertTrue(values[0] >= 0 && values[0] <= 1 && values[1] >= 0 && values[1] <= 1, java.util.Arrays.toString(values));
        assertTrue(values[1] > values[0], "helpful vs curt is easy to call, two curt replies are not: "
                + java.util.Arrays.toString(values));
    }
}
