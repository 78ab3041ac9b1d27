package dev.laurel.model;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import dev.laurel.task.GeneratedReplies;
import dev.laurel.task.Task;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A char-lstm trained in this test answers a campaign through REST, the broker and the workers. */
@QuarkusTest
class GenerationPipelineTest {
    private static final List<String> QUESTIONS = List.of("What do cats say?", "What color is the sky?",
            "What do dogs say?", "Is water wet?", "What color is grass?");

    @Inject
    GenerationWorker worker;
    @Inject
    GeneratedReplies replies;

    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    private long djlCandidate(String name) {
        long id = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "kind", "DJL_ARTIFACT", "temperature", 0, "seed", 1, "maxTokens", 60))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/zip").body(TinyModels.chatbotZip())
                .put("/api/candidates/" + id + "/artifact").then().statusCode(202)
                .body("artifactStatus", equalTo("VALIDATING"));
        // this process is a worker too (all roles): it validates the upload on its own
        awaitArtifact(id, "READY").body("modelTask", equalTo("text-generation"))
                .body("artifact", equalTo(ModelArtifacts.sha256(TinyModels.chatbotZip())));
        return id;
    }

    private io.restassured.response.ValidatableResponse awaitArtifact(long candidate, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(modeler.token()).get("/api/candidates/" + candidate).then().body("artifactStatus", equalTo(status)));
        return as(modeler.token()).get("/api/candidates/" + candidate).then().statusCode(200);
    }

    private long campaignWithQuestions() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < QUESTIONS.size(); i++) {
            jsonl.append("{\"id\": \"q").append(i).append("\", \"prompt\": \"").append(QUESTIONS.get(i)).append("\"}\n");
        }
        as(modeler.token()).contentType("application/jsonl").body(jsonl.toString())
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
        // a second candidate with uploaded outputs, so every prompt has a pair to compare
        long uploaded = as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("human"), "kind", "UPLOADED_OUTPUTS"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        StringBuilder outputs = new StringBuilder();
        for (int i = 0; i < QUESTIONS.size(); i++) {
            outputs.append("{\"prompt_id\": \"q").append(i).append("\", \"output\": \"I do not know.\"}\n");
        }
        as(modeler.token()).contentType("application/jsonl").body(outputs.toString())
                .post("/api/candidates/" + uploaded + "/campaigns/" + campaign + "/outputs").then().statusCode(201);
        return campaign;
    }

    @Test
    void openingACampaignGeneratesRepliesAndTurnsThemIntoTasks() {
        long campaign = campaignWithQuestions();
        long candidate = djlCandidate(Fixtures.unique("tiny-chat"));
        as(modeler.token()).post("/api/candidates/" + candidate + "/campaigns/" + campaign).then().statusCode(204);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(QUESTIONS.size())));
        JsonPath job = as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(QUESTIONS.size(), job.getInt("[0].generated"));
        assertEquals(0, job.getInt("[0].failed"));
        assertEquals(true, job.getBoolean("[0].finished"));
        assertEquals(true, job.getDouble("[0].tokensPerSecond") > 0);
        assertEquals("Cats say meow.", reply(candidate, "What do cats say?"));
        assertEquals("The sky is blue.", reply(candidate, "What color is the sky?"));
        as(modeler.token()).get("/campaigns/" + campaign + "/generation").then().statusCode(200)
                .body(containsString(QUESTIONS.size() + " of " + QUESTIONS.size() + " replies"));

        // a batch delivered again (its worker died before acknowledging) changes nothing
        List<Long> promptIds = promptIds(campaign);
        long generations = QuarkusTransaction.requiringNew().call(() -> Generation.count("candidateId", candidate));
        worker.handle(new GenerationRequested("redelivered", job.getLong("[0].jobId"), campaign, candidate, promptIds));
        assertEquals(generations, (long) QuarkusTransaction.requiringNew().call(() -> Generation.count("candidateId", candidate)));
        replies.apply(new GenerationCompleted("again", campaign, candidate, promptIds));
        assertEquals(QUESTIONS.size(), (long) QuarkusTransaction.requiringNew().call(() -> Task.count("campaignId", campaign)));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then().body("[0].generated", equalTo(QUESTIONS.size()));
    }

    @Test
    void aCandidateEnteredInAnOpenCampaignIsPairedWithTheRepliesThere() {
        long campaign = campaignWithQuestions();
        long first = djlCandidate(Fixtures.unique("tiny-a"));
        as(modeler.token()).post("/api/candidates/" + first + "/campaigns/" + campaign).then().statusCode(204);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(QUESTIONS.size())));
        long second = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("tiny-hot"), "kind", "DJL_ARTIFACT", "temperature", 1.2, "seed", 9))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/zip").body(TinyModels.chatbotZip())
                .put("/api/candidates/" + second + "/artifact").then().statusCode(202);
        awaitArtifact(second, "READY");
        as(modeler.token()).post("/api/candidates/" + second + "/campaigns/" + campaign).then().statusCode(204);
        // three candidates now: three pairs per prompt
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(3 * QUESTIONS.size())));
    }

    @Test
    void aBrokenModelZipIsRejectedWithItsReasonAndNothingChanges() {
        long id = as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("broken"), "kind", "DJL_ARTIFACT"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        byte[] notAZip = "PK not really".getBytes();
        as(modeler.token()).contentType("application/zip").body(notAZip)
                .put("/api/candidates/" + id + "/artifact").then().statusCode(202).body("artifactStatus", equalTo("VALIDATING"));
        awaitArtifact(id, "REJECTED").body("artifactReason", containsString("zip")).body("artifact", nullValue());
        as(modeler.token()).contentType("application/zip")
                .body(ModelArtifacts.zip(Map.of("manifest.json", "{\"kind\": \"text-generation\", \"format\": \"djl\"}".getBytes())))
                .put("/api/candidates/" + id + "/artifact").then().statusCode(202);
        awaitArtifact(id, "REJECTED").body("artifactReason", containsString("char-lstm")).body("artifact", nullValue());
        as(modeler.token()).get("/candidates").then().statusCode(200).body(containsString("rejected"))
                .body(containsString("char-lstm"));
        // nothing of a rejected upload is kept (deleted once its status is recorded)
        await().atMost(Duration.ofSeconds(10)).until(() -> !java.nio.file.Files.exists(java.nio.file.Path.of("target/models",
                ModelUploads.DIRECTORY, ModelArtifacts.sha256(notAZip) + ".zip")));
        long campaign = campaignWithQuestions();
        as(modeler.token()).post("/api/candidates/" + id + "/campaigns/" + campaign).then().statusCode(409)
                .body("detail", containsString("no model yet")).body("detail", containsString("char-lstm"));
    }

    @Test
    void aRejectedUploadLeavesTheValidatedModelInUse() {
        long id = djlCandidate(Fixtures.unique("kept"));
        String good = ModelArtifacts.sha256(TinyModels.chatbotZip());
        as(modeler.token()).contentType("application/zip").body("PK broken".getBytes())
                .put("/api/candidates/" + id + "/artifact").then().statusCode(202);
        awaitArtifact(id, "REJECTED").body("artifact", equalTo(good)).body("artifactReason", containsString("zip"));
    }

    private List<Long> promptIds(long campaign) {
        return QuarkusTransaction.requiringNew().call(() -> dev.laurel.campaign.Prompt.<dev.laurel.campaign.Prompt>list(
                "campaignId = ?1 order by id", campaign).stream().map(p -> p.id).toList());
    }

    private String reply(long candidate, String prompt) {
        return QuarkusTransaction.requiringNew().call(() -> Generation.<Generation>find(
                "candidateId = ?1 and promptId in (select p.id from Prompt p where p.text = ?2)", candidate, prompt)
                .firstResult().text);
    }
}
