package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static dev.laurel.rewardmodel.RewardModelResourceTest.awaitFinished;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model team uploads a small full scorer (DJL-saved parameters) and Laurel fine-tunes all of it on the CPU. */
@QuarkusTest
class ScorerFineTuneTest {
    private static final String SIZES = "?maxBytes=128&embeddingSize=8&channels=16&hiddenSize=16";

    /** What a team does with DJL: build the known architecture, initialise (or train) it, save its parameters. */
    static byte[] freshScorer(TextScorer.Architecture architecture) {
        return TinyScorers.fresh(architecture);
    }

    @Test
    void anUploadedScorerIsFineTunedWholeAndScoresAsTheActiveModel() {
        Fixtures.User modeler = Fixtures.modeler();
        byte[] base = freshScorer(new TextScorer.Architecture(128, 8, 16, 16));
        long upload = as(modeler.token()).contentType(ContentType.BINARY).body(base)
                .post("/api/reward-models/scorers" + SIZES)
                .then().statusCode(202).body("format", equalTo(TextScorer.FORMAT)).body("status", equalTo("VALIDATING"))
                .header("Location", containsString("/api/reward-models/scorers/"))
                .extract().jsonPath().getLong("id");
        // this process is a worker too: it validates the upload (loads it, scores once) and marks it READY
        JsonPath ready = awaitScorer(modeler, upload, "READY");
        String artifact = ready.getString("artifact");
        assertEquals(null, ready.getString("reason"));
        as(modeler.token()).get("/api/reward-models/scorers").then().statusCode(200)
                .body("find { it.id == " + upload + " }.artifact", equalTo(artifact));

        long job = as(modeler.token()).contentType("application/jsonl").body(trainingFile(41))
                .post("/api/reward-models/jobs?epochs=25&learningRate=0.005&batchSize=16&patience=25&seed=7&base=" + artifact)
                .then().statusCode(202).body("base", equalTo(artifact)).extract().jsonPath().getLong("id");
        JsonPath done = awaitFinished(modeler, job);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        List<Float> trainLoss = done.getList("epochs.trainLoss", Float.class);
        assertTrue(trainLoss.get(trainLoss.size() - 1) < trainLoss.get(0), "the whole scorer learns: " + trainLoss);
        long model = done.getLong("modelId");
        String tuned = as(modeler.token()).get("/api/reward-models/" + model).then().statusCode(200).extract().path("artifact");
        assertNotEquals(artifact, tuned);

        as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200);
        List<Float> rewards = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(
                        Map.of("prompt", "How do I tune a guitar?", "reply", "Here is a simple way to tune a guitar: first gather what you need, then go step by step."),
                        Map.of("prompt", "How do I tune a guitar?", "reply", "No idea. Search it yourself."))))
                .post("/api/reward-models/" + model + "/score")
                .then().statusCode(200).extract().jsonPath().getList("rewards", Float.class);
        assertTrue(rewards.get(0) > rewards.get(1), rewards.toString());

        // another team cannot fine-tune this team's upload
        Fixtures.User other = Fixtures.modeler();
        as(other.token()).contentType("application/jsonl").body(trainingFile(42))
                .post("/api/reward-models/jobs?base=" + artifact).then().statusCode(404);
    }

    @Test
    void parametersThatDoNotFitTheSizesAreRefusedWithASentence() {
        Fixtures.User modeler = Fixtures.modeler();
        long junk = as(modeler.token()).contentType(ContentType.BINARY).body(new byte[] {1, 2, 3})
                .post("/api/reward-models/scorers" + SIZES)
                .then().statusCode(202).body("status", equalTo("VALIDATING")).extract().jsonPath().getLong("id");
        assertTrue(awaitScorer(modeler, junk, "REJECTED").getString("reason").contains("do not fit a laurel-text-scorer/1 scorer"));
        byte[] other = freshScorer(new TextScorer.Architecture(128, 8, 32, 16));
        long misfit = as(modeler.token()).contentType(ContentType.BINARY).body(other)
                .post("/api/reward-models/scorers" + SIZES).then().statusCode(202).extract().jsonPath().getLong("id");
        assertTrue(awaitScorer(modeler, misfit, "REJECTED").getString("reason").contains("channels=16"));
        // the reason is on the team's page too
        String page = Fixtures.browser(Fixtures.login(modeler.username(), Fixtures.PASSWORD)).get("/reward-models")
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("do not fit a laurel-text-scorer/1 scorer"), page);
        as(modeler.token()).contentType(ContentType.BINARY).body(other)
                .post("/api/reward-models/scorers?maxBytes=300000&embeddingSize=8&channels=16&hiddenSize=16").then().statusCode(400)
                .body("detail", containsString("'maxBytes' must be between"));
        as(modeler.token()).contentType(ContentType.BINARY).body(other)
                .post("/api/reward-models/scorers?maxBytes=128").then().statusCode(400)
                .body("detail", containsString("maxBytes, embeddingSize, channels and hiddenSize"));
    }

    /** Polls an uploaded scorer until it has the status; returns it. */
    static JsonPath awaitScorer(Fixtures.User modeler, long upload, String status) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> status.equals(as(modeler.token()).get("/api/reward-models/scorers/" + upload).then()
                        .statusCode(200).extract().path("status")));
        return as(modeler.token()).get("/api/reward-models/scorers/" + upload).then().statusCode(200).extract().jsonPath();
    }
}
