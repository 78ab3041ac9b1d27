package dev.laurel.campaign;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the model team's pages need beyond the original API: pause, resume, close, removing a candidate, the wizard. */
@QuarkusTest
class CampaignConsoleTest {

    @Test
    void aPausedCampaignServesNoTaskUntilItResumesAndAClosedOneIsGoneForLabelers() {
        Fixtures.User modeler = Fixtures.modeler();
        Fixtures.User labeler = Fixtures.labeler();
        long campaign = Fixtures.openCampaign(modeler, 3, 1, null);

        as(modeler.token()).post("/api/campaigns/" + campaign + "/pause").then().statusCode(200).body("status", equalTo("paused"));
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(409)
                .body("detail", containsString("not open"));
        assertTrue(as(labeler.token()).get("/api/campaigns").then().statusCode(200).extract().jsonPath()
                .getList("id", Long.class).stream().noneMatch(id -> id == campaign), "labelers' list leaves a paused campaign out");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/pause").then().statusCode(200).body("status", equalTo("paused"));

        as(modeler.token()).post("/api/campaigns/" + campaign + "/resume").then().statusCode(200).body("status", equalTo("open"));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/resume").then().statusCode(409);
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);

        as(modeler.token()).post("/api/campaigns/" + campaign + "/close").then().statusCode(200).body("status", equalTo("closed"));
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(404);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/close").then().statusCode(409);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/resume").then().statusCode(409);
        // progress is counted by its consumer, after the answer's commit
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign).then().body("progress.answersAccepted", equalTo(1)));
    }

    @Test
    void aDraftIsNeitherPausedNorClosed() {
        Fixtures.User modeler = Fixtures.modeler();
        long draft = Fixtures.draftCampaign(modeler, 1, null);
        as(modeler.token()).post("/api/campaigns/" + draft + "/pause").then().statusCode(409).body("detail", containsString("draft"));
        as(modeler.token()).post("/api/campaigns/" + draft + "/close").then().statusCode(409);
        as(modeler.token()).get("/api/campaigns/" + draft).then().body("status", equalTo("draft"));
    }

    @Test
    void removingACandidateFromADraftDeletesItsRepliesThereAndAnOpenCampaignKeepsIt() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, 2);
        long terse = Fixtures.candidateWithOutputs(modeler, campaign, 2, "terse");
        Fixtures.candidateWithOutputs(modeler, campaign, 2, "verbose");
        long third = Fixtures.candidateWithOutputs(modeler, campaign, 2, "third");

        as(modeler.token()).delete("/api/candidates/" + third + "/campaigns/" + campaign).then().statusCode(204);
        as(modeler.token()).delete("/api/candidates/" + third + "/campaigns/" + campaign).then().statusCode(404);
        // its outputs can be uploaded again: nothing of them is left
        as(modeler.token()).contentType("application/jsonl").body("{\"prompt_id\": \"p1\", \"output\": \"again\"}")
                .post("/api/candidates/" + third + "/campaigns/" + campaign + "/outputs").then().statusCode(201).body("added", equalTo(1));
        as(modeler.token()).delete("/api/candidates/" + third + "/campaigns/" + campaign).then().statusCode(204);

        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        as(modeler.token()).get("/api/campaigns/" + campaign).then().body("progress.tasksTotal", equalTo(2)); // one pair a prompt
        as(modeler.token()).delete("/api/candidates/" + terse + "/campaigns/" + campaign).then().statusCode(409);
        Fixtures.User other = Fixtures.modeler();
        as(other.token()).delete("/api/candidates/" + terse + "/campaigns/" + campaign).then().statusCode(404);
    }

    @Test
    void theWizardChecksAsTheTeamTypesAndCreatesTheCampaignWithItsQualitySettings() {
        Fixtures.User modeler = Fixtures.modeler();
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).accept(ContentType.HTML).get("/campaigns/new").then().statusCode(200)
                .body(containsString("New campaign"));
        Fixtures.browser(session).contentType(ContentType.URLENC)
                .formParam("name", "x").formParam("kind", "RANKING").formParam("k", "40").formParam("overlap", "two")
                .formParam("instructions", "**bold** <script>alert(1)</script>")
                .post("/campaigns/new/check").then().statusCode(200)
                .body(containsString("from 2 to 32"))
                .body(containsString("Overlap (answers per task) must be a whole number"))
                .body(containsString("<strong>bold</strong>"))
                .body(containsString("&lt;script&gt;"));

        String name = Fixtures.unique("wizard");
        String location = Fixtures.browser(session).redirects().follow(false).contentType(ContentType.URLENC)
                .formParam("name", name).formParam("kind", "CATEGORICAL").formParam("labels", "yes\nno\nunsure")
                .formParam("overlap", "2").formParam("goldRate", "7.5").formParam("honeypotRate", "1")
                .formParam("instructions", "Label it.").formParam("systemPrompt", "You are <b>helpful</b>.")
                .post("/campaigns/new").then().statusCode(303).extract().header("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        as(modeler.token()).get("/api/campaigns/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("kind", equalTo("CATEGORICAL")).body("overlap", equalTo(2))
                .body("settings.labels", hasSize(3)).body("instructions", equalTo("Label it."))
                .body("systemPrompt", equalTo("You are <b>helpful</b>."));
        Fixtures.browser(session).get("/campaigns/" + id).then().statusCode(200)
                .body(containsString("System prompt chat models get"))
                .body(containsString("You are &lt;b&gt;helpful&lt;/b&gt;."));
        var settings = as(modeler.token()).get("/api/campaigns/" + id + "/quality/settings").then().statusCode(200).extract().jsonPath();
        assertEquals(0.075, settings.getDouble("goldRate"), 1e-9);
        assertEquals(0.01, settings.getDouble("honeypotRate"), 1e-9);

        // refused: the wizard again with every problem, and no campaign
        long before = as(modeler.token()).get("/api/campaigns").then().extract().jsonPath().getList("id").size();
        Fixtures.browser(session).contentType(ContentType.URLENC).accept(ContentType.HTML)
                .formParam("name", "").formParam("kind", "PAIRWISE").formParam("overlap", "0")
                .post("/campaigns/new").then().statusCode(400)
                .body(containsString("Give the campaign a name")).body(containsString("Overlap"));
        assertEquals(before, as(modeler.token()).get("/api/campaigns").then().extract().jsonPath().getList("id").size());
    }

    @Test
    void theQualitySettingsPanelChecksAsTheTeamTypesWithTheApisOwnSentences() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 2, null);
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        String panel = Fixtures.browser(session).get("/campaigns/" + campaign + "/quality/settings").then().statusCode(200)
                .extract().asString();
        for (String field : new String[] {"goldRate", "honeypotRate", "consensusThreshold", "maxOverlap", "minReliability",
                "qualificationGold", "qualificationAccuracy", "minAnswerMs"}) {
            assertTrue(panel.contains("name=\"" + field + "\""), "the panel edits " + field);
        }

        // out of range: the live check says what saving through the API says, word for word (the gold floor, 0 in the
        // test profile, is GoldFloorTest's)
        String refused = as(modeler.token()).contentType(ContentType.JSON).body(Map.of("goldRate", 1.5))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(400)
                .contentType("application/problem+json").extract().jsonPath().getString("detail");
        Fixtures.browser(session).contentType(ContentType.URLENC).formParam("goldRate", "150")
                .post("/campaigns/" + campaign + "/quality/settings/check").then().statusCode(200)
                .body(containsString("data-ok=\"false\"")).body(containsString(refused.replace("&", "&amp;").replace("\"", "&quot;")
                        .replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")));
        Fixtures.browser(session).contentType(ContentType.URLENC).formParam("maxOverlap", "1")
                .post("/campaigns/" + campaign + "/quality/settings/check").then().statusCode(200)
                .body(containsString("between the campaign&#39;s overlap (2) and 100"));
        Fixtures.browser(session).contentType(ContentType.URLENC).formParam("consensusThreshold", "<b>x</b>")
                .post("/campaigns/" + campaign + "/quality/settings/check").then().statusCode(200)
                .body(containsString("must be a number such as 5 or 2.5, not &#39;&lt;b&gt;x&lt;/b&gt;&#39;"));
        // values it would save: no problem, and nothing saved by checking
        Fixtures.browser(session).contentType(ContentType.URLENC).formParam("goldRate", "7.5").formParam("maxOverlap", "4")
                .formParam("minAnswerMs", "1500").post("/campaigns/" + campaign + "/quality/settings/check").then()
                .statusCode(200).body(containsString("data-ok=\"true\""));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200)
                .body("maxOverlap", equalTo(2));
    }

    @Test
    void aTestCallIsForEndpointCandidatesOnly() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, 1);
        long uploaded = Fixtures.candidateWithOutputs(modeler, campaign, 1, "terse");
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("prompt", "hi"))
                .post("/api/candidates/" + uploaded + "/test-call").then().statusCode(400)
                .body("detail", containsString("only an OPENAI_COMPATIBLE candidate"));
    }
}
