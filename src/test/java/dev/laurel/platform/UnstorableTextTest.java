package dev.laurel.platform;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text PostgreSQL cannot store (U+0000, a lone UTF-16 surrogate) is refused with a 400 naming the line and field,
 * wherever it comes in, and nothing of the request is stored.
 */
@QuarkusTest
class UnstorableTextTest {
    /** What a client sends: JSON escapes, decoded by the server. */
    private static final String NUL = "\\u0000";
    private static final String LONE_SURROGATE = "\\ud83d";

    private Fixtures.User modeler;
    private Fixtures.User labeler;

    @BeforeEach
    void users() {
        modeler = Fixtures.modeler();
        labeler = Fixtures.labeler();
    }

    @Test
    void aPromptUploadNamesEachBadLineAndFieldAndSavesNothing() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        String jsonl = "{\"id\": \"p1\", \"prompt\": \"fine\"}\n"
                + "{\"id\": \"p2\", \"prompt\": \"bad " + NUL + " text\"}\n"
                + "{\"id\": \"p3\", \"prompt\": \"half " + LONE_SURROGATE + " a pair\"}";
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Line 2: field 'prompt' contains a NUL character (U+0000)"))
                .body("errors", hasSize(2))
                .body("errors", hasItem(containsString("Line 3: field 'prompt' contains a lone UTF-16 surrogate (U+D83D)")));
        as(modeler.token()).contentType("text/csv").body("id,prompt\np1,\"raw \u0000 byte\"\n")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("detail", containsString("Line 2: field 'prompt' contains a NUL character"));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void anOutputUploadNamesTheLineAndFieldAndSavesNothing() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, 2);
        long candidate = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("outputs"), "kind", "UPLOADED_OUTPUTS"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        String path = "/api/candidates/" + candidate + "/campaigns/" + campaign + "/outputs";
        as(modeler.token()).contentType("application/jsonl")
                .body("{\"prompt_id\": \"p1\", \"output\": \"fine\"}\n{\"prompt_id\": \"p2\", \"output\": \"x" + NUL + "\"}")
                .post(path).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Line 2: field 'output' contains a NUL character (U+0000)"));
        // nothing was kept: the same outputs, fixed, are all new
        as(modeler.token()).contentType("application/jsonl")
                .body("{\"prompt_id\": \"p1\", \"output\": \"fine\"}\n{\"prompt_id\": \"p2\", \"output\": \"x\"}")
                .post(path).then().statusCode(201);
    }

    @Test
    void anAnswersReasonAndCorrectionTextAreRefusedAndTheTaskStaysLeased() {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("correction"), "kind", "CORRECTION", "overlap", 1))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, 1);
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "model");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");

        answer(campaign, task, "{\"text\": \"edited" + NUL + "\"}").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Field 'text' contains a NUL character (U+0000)"));
        answer(campaign, task, "{\"text\": \"edited\", \"reason\": \"because " + LONE_SURROGATE + "\"}").statusCode(400)
                .body("detail", containsString("Field 'reason' contains a lone UTF-16 surrogate (U+D83D)"));
        answer(campaign, task, "{\"text\": \"edited\", \"reason\": \"because\"}").statusCode(201); // still unanswered
    }

    @Test
    void aSkipReasonIsRefusedAndTheTaskIsStillTheLabelers() {
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");
        String skip = "/api/campaigns/" + campaign + "/tasks/" + task + "/skip";
        as(labeler.token()).contentType(ContentType.JSON).body("{\"reason\": \"unclear" + NUL + "\"}").post(skip)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Field 'reason' contains a NUL character (U+0000)"));
        as(labeler.token()).contentType(ContentType.JSON).body("{\"reason\": \"unclear\"}").post(skip).then().statusCode(204);
    }

    @Test
    void aCampaignWithUnstorableTextIsNotCreated() {
        int before = as(modeler.token()).get("/api/campaigns").then().statusCode(200).extract().jsonPath().getList("$").size();
        String name = Fixtures.unique("campaign");
        create("{\"name\": \"" + name + NUL + "\"}").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Field 'name' contains a NUL character (U+0000)"));
        create("{\"name\": \"" + name + "\", \"instructions\": \"Read " + LONE_SURROGATE + "\"}").statusCode(400)
                .body("detail", containsString("Field 'instructions' contains a lone UTF-16 surrogate"));
        create("{\"name\": \"" + name + "\", \"description\": \"a" + NUL + "\"}").statusCode(400)
                .body("detail", containsString("Field 'description' contains a NUL character"));
        assertEquals(before, as(modeler.token()).get("/api/campaigns").then().statusCode(200).extract().jsonPath().getList("$").size());
    }

    @Test
    void theCheckNamesWhatAndWhere() {
        assertEquals("Field 'reason' contains a NUL character (U+0000) at character 2, which cannot be stored; remove it.",
                org.junit.jupiter.api.Assertions.assertThrows(Problem.class, () -> StorableText.require("reason", "a\u0000")).getMessage());
        assertEquals(java.util.Optional.empty(), StorableText.flaw("emoji \uD83D\uDE00 and ümlauts are fine"));
        assertEquals(true, StorableText.flaw("\uDE00 low first").isPresent());
    }

    private ValidatableResponse answer(long campaign, long task, String json) {
        return as(labeler.token()).contentType(ContentType.JSON).body(json)
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then();
    }

    private ValidatableResponse create(String json) {
        return as(modeler.token()).contentType(ContentType.JSON).body(json).post("/api/campaigns").then();
    }
}
