package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static dev.laurel.rewardmodel.RewardModelResourceTest.awaitFinished;
import static dev.laurel.rewardmodel.RewardModelResourceTest.submit;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.laurel.Fixtures;
import dev.laurel.account.User;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.GenerationCompleted;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * New replies of a generating candidate, and uploaded outputs, are scored by the team's active reward
 * model through the generation.completed event on its own queue, shown in REST and on the campaign's
 * generation fragment, and a redelivered event scores nothing again.
 */
@QuarkusTest
class GenerationPreScoringTest {
    private static final int PROMPTS = 3;
    /** What the stub model answers; markup, to prove the page escapes model text. */
    private static final String STUB_REPLY = "Here is a simple way <script>alert(1)</script>: go step by step.";

    @Inject
    GenerationPreScoring preScoring;
    @Inject
    RewardScorer scorer;

    private HttpServer stub;

    @BeforeEach
    void startStubModel() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/v1/chat/completions", exchange -> {
            byte[] body = ("{\"choices\": [{\"message\": {\"content\": \"" + STUB_REPLY.replace("\"", "\\\"")
                    + "\"}}], \"usage\": {\"completion_tokens\": 9}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stopStubModel() {
        stub.stop(0);
    }

    /**
     * A campaign with uploaded replies and a candidate generating through the stub; opened, so generation
     * starts. Returns campaign, generating candidate, uploading candidate.
     */
    private long[] openCampaignWithGeneratingCandidate(Fixtures.User modeler) {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, PROMPTS);
        long uploaded = Fixtures.candidateWithOutputs(modeler, campaign, PROMPTS, "uploaded");
        long candidate = as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("api"),
                        "kind", "OPENAI_COMPATIBLE", "baseUrl", "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1",
                        "model", "stub-7b"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).post("/api/candidates/" + candidate + "/campaigns/" + campaign).then().statusCode(204);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        return new long[] {campaign, candidate, uploaded};
    }

    private static List<Long> promptIds(long campaign) {
        return QuarkusTransaction.requiringNew().call(() ->
                Prompt.<Prompt>list("campaignId = ?1 order by id", campaign).stream().map(p -> p.id).toList());
    }

    @Test
    void newRepliesAreScoredOnceByTheActiveModelAndShownToTheModelTeam() {
        Fixtures.User modeler = Fixtures.modeler();
        long team = QuarkusTransaction.requiringNew().call(() -> User.findByUsername(modeler.username()).teamId);
        long model = awaitFinished(modeler, submit(modeler, trainingFile(8), "?epochs=20&seed=2")).getLong("modelId");
        as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200);

        long[] opened = openCampaignWithGeneratingCandidate(modeler);
        long campaign = opened[0];
        long candidate = opened[1];
        long uploaded = opened[2];
        String rewards = "/api/campaigns/" + campaign + "/generation/rewards";
        String generated = "candidates.find { it.candidateId == " + candidate + " }";
        String fromUpload = "candidates.find { it.candidateId == " + uploaded + " }";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(modeler.token()).get(rewards).then().statusCode(200)
                .body(generated + ".scored", equalTo(PROMPTS)).body(fromUpload + ".scored", equalTo(PROMPTS)));

        JsonPath view = as(modeler.token()).get(rewards).then().extract().jsonPath();
        assertEquals(model, view.getLong("activeModelId"));
        assertEquals(2, view.getList("candidates").size(), "generated replies and uploaded outputs are both pre-scored");
        assertEquals(1, view.getInt(generated + ".version"));
        assertEquals(2 * PROMPTS, view.getList("replies").size());
        String generatedReplies = "replies.findAll { it.candidateId == " + candidate + " }";
        assertEquals(List.of("p1", "p2", "p3"), view.getList(generatedReplies + ".promptId"));
        float expected = scorer.rewards(team, List.of(new RewardScorer.Item("Question number 1?", STUB_REPLY))).orElseThrow().values()[0];
        double stored = view.getDouble(generatedReplies + "[0].reward");
        assertEquals(expected, stored, 1e-5, "the stored reward is the active model's");
        // batched forward passes differ from a single one in the last float bits
        assertTrue(view.getDouble(generated + ".minReward") - 1e-5 <= expected && expected <= view.getDouble(generated + ".maxReward") + 1e-5,
                view.getString(generated) + " vs " + expected);

        // the event delivered again: nothing is scored or stored twice
        List<Long> ids = view.getList(generatedReplies + ".generationId", Long.class);
        List<GenerationReward> again = preScoring.apply(new GenerationCompleted("redelivered", campaign, candidate, promptIds(campaign)));
        assertEquals(ids, again.stream().map(r -> r.generationId).toList());
        assertEquals(2 * PROMPTS, (long) QuarkusTransaction.requiringNew().call(() -> GenerationReward.count("campaignId", campaign)));
        assertEquals(stored, again.get(0).reward, 1e-6, "the stored score, not a new one");

        // the campaign page's generation fragment loads the scores; model text is escaped
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        String jobs = Fixtures.browser(session).get("/campaigns/" + campaign + "/generation")
                .then().statusCode(200).extract().asString();
        assertTrue(jobs.contains("hx-get=\"/campaigns/" + campaign + "/generation/rewards\""), jobs);
        String page = Fixtures.browser(session).get("/campaigns/" + campaign + "/generation/rewards")
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("Reward model v1 is active"), page);
        assertTrue(page.contains(String.format(java.util.Locale.ROOT, "%.3f", view.getDouble(generated + ".meanReward"))), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("<script>alert"), "model text is never raw HTML");

        as(Fixtures.modeler().token()).get(rewards).then().statusCode(404);
        as(modeler.token()).get(rewards + "?size=0").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void withoutAnActiveModelNothingIsScored() {
        Fixtures.User modeler = Fixtures.modeler();
        long[] opened = openCampaignWithGeneratingCandidate(modeler);
        long campaign = opened[0];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then().body("[0].finished", equalTo(true)));

        assertEquals(List.of(), preScoring.apply(new GenerationCompleted("late", campaign, opened[1], promptIds(campaign))));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/generation/rewards").then().statusCode(200)
                .body("candidates.size()", equalTo(0)).body("activeModelId", equalTo(null));
    }
}
