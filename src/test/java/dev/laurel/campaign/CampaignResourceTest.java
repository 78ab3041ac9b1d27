package dev.laurel.campaign;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CampaignResourceTest {
    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    @Test
    void modelerCreatesADraftCampaign() {
        as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "Helpfulness", "overlap", 5, "instructions", "Pick the **better** reply"))
                .post("/api/campaigns").then().statusCode(201)
                .body("status", equalTo("draft")).body("overlap", equalTo(5)).body("kind", equalTo("PAIRWISE"))
                .body("leaseSeconds", equalTo(600)).body("prompts", equalTo(0));
    }

    @Test
    void campaignFieldsAreValidated() {
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("overlap", 3))
                .post("/api/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("name"));
        as(modeler.token()).contentType(ContentType.JSON).body("{\"name\": \"x\", \"overlap\": \"three\"}")
                .post("/api/campaigns").then().statusCode(400)
                .body("detail", containsString("'overlap' has the wrong type"));
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", "x", "overlap", 0))
                .post("/api/campaigns").then().statusCode(400).body("detail", containsString("between 1 and 100"));
        as(modeler.token()).contentType(ContentType.JSON).body("{\"name\": \"x\", \"kind\": \"POETRY\"}")
                .post("/api/campaigns").then().statusCode(400).body("detail", containsString("one of PAIRWISE"));
    }

    @Test
    void labelersCannotCreateCampaigns() {
        as(Fixtures.labeler().token()).contentType(ContentType.JSON).body(Map.of("name", "x"))
                .post("/api/campaigns").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void unknownCampaignIsNotFound() {
        as(modeler.token()).get("/api/campaigns/987654321").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("Campaign 987654321 does not exist."));
    }

    @Test
    void aTeamSeesOnlyItsOwnCampaigns() {
        long mine = Fixtures.draftCampaign(modeler, 3, null);
        Fixtures.User rival = Fixtures.modeler();
        as(rival.token()).get("/api/campaigns/" + mine).then().statusCode(404);
        as(rival.token()).get("/api/campaigns").then().statusCode(200).body("id", not(hasItem((int) mine)));
        as(rival.token()).contentType("application/jsonl").body("{\"id\": \"p1\", \"prompt\": \"hi\"}")
                .post("/api/campaigns/" + mine + "/prompts").then().statusCode(404);
        as(modeler.token()).get("/api/campaigns").then().statusCode(200).body("id", hasItem((int) mine));
    }

    @Test
    void labelersSeeOnlyOpenCampaigns() {
        long draft = Fixtures.draftCampaign(modeler, 3, null);
        long open = Fixtures.openCampaign(modeler, 2, 3, null);
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).get("/api/campaigns").then().statusCode(200)
                .body("id", hasItem((int) open)).body("id", not(hasItem((int) draft)));
        as(labeler.token()).get("/api/campaigns/" + draft).then().statusCode(404);
        as(labeler.token()).get("/api/campaigns/" + open + "/prompts").then().statusCode(403);
    }

    @Test
    void promptsUploadAsJsonLines() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        as(modeler.token()).contentType("application/jsonl")
                .body("{\"id\": \"a\", \"prompt\": \"First?\"}\n\n{\"id\": 7, \"prompt\": \"Second?\", \"meta\": \"x\"}\n")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201)
                .body("added", equalTo(2)).body("total", equalTo(2));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().statusCode(200)
                .body("id", contains("a", "7")).body("prompt", contains("First?", "Second?"));
    }

    @Test
    void promptsUploadAsCsvWithQuotedMultilineFields() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String csv = "id,prompt\r\nq1,\"Say \"\"hi\"\", then\nwave\"\r\nq2,Plain, not quoted\r\n";
        as(modeler.token()).contentType("text/csv").body(csv.replace("Plain, not quoted", "\"Plain, quoted\""))
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201).body("added", equalTo(2));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then()
                .body("prompt", contains("Say \"hi\", then\nwave", "Plain, quoted"));
    }

    @Test
    void malformedJsonLinesAreAllReportedAndNothingIsSaved() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String body = String.join("\n",
                "{\"id\": \"ok\", \"prompt\": \"fine\"}",
                "{\"id\": \"broken\", \"prompt\": ",
                "{\"prompt\": \"no id\"}",
                "{\"id\": \"ok\", \"prompt\": \"duplicate\"}",
                "{\"id\": \"list\", \"prompt\": [\"not\", \"text\"]}",
                "[1, 2]",
                "{\"id\": \"blank\", \"prompt\": \"   \"}");
        as(modeler.token()).contentType("application/jsonl").body(body)
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid upload"))
                .body("detail", containsString("nothing was saved"))
                .body("errors", hasItem(containsString("Line 2: not valid JSON")))
                .body("errors", hasItem("Line 3: field 'id' is missing."))
                .body("errors", hasItem("Line 4: id 'ok' appears more than once in the file."))
                .body("errors", hasItem("Line 5: field 'prompt' must be text, a number or true/false, not array."))
                .body("errors", hasItem(containsString("Line 6: expected a JSON object")))
                .body("errors", hasItem("Line 7: field 'prompt' is empty."));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().body("$", hasSize(0));
    }

    @Test
    void malformedCsvIsReportedWithLineNumbers() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        as(modeler.token()).contentType("text/csv").body("id,prompt\nq1,fine\nq2,too,many\nq3\n")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("errors", contains("Line 3: 3 columns, but the header has 2.", "Line 4: 1 columns, but the header has 2."));
        as(modeler.token()).contentType("text/csv").body("id,text\nq1,fine\n")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("errors", contains("Line 2: field 'prompt' is missing; give 'prompt' (text) or 'messages'"
                        + " (a list of {\"role\", \"content\"} turns)."));
        as(modeler.token()).contentType("text/csv").body("id,prompt\nq1,\"never closed\n")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("errors", hasItem("Line 2: a quoted field is never closed."));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/prompts").then().body("$", hasSize(0));
    }

    @Test
    void idsAlreadyInTheCampaignAreRejected() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        Fixtures.uploadPrompts(modeler, campaign, 2);
        as(modeler.token()).contentType("application/jsonl").body("{\"id\": \"p3\", \"prompt\": \"new\"}\n{\"id\": \"p2\", \"prompt\": \"again\"}")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("errors", contains("Line 2: id 'p2' is already in this campaign."));
        as(modeler.token()).get("/api/campaigns/" + campaign).then().body("prompts", equalTo(2));
    }

    @Test
    void oversizedUploadIs413AndLeavesNothing() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String line = "{\"id\": \"%d\", \"prompt\": \"" + "x".repeat(1000) + "\"}\n";
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() <= 2_100_000; i++) {
            big.append(line.formatted(i));
        }
        as(modeler.token()).contentType("application/jsonl").body(big.toString())
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("larger than the limit"));
        as(modeler.token()).get("/api/campaigns/" + campaign).then().body("prompts", equalTo(0));
    }

    @Test
    void unsupportedContentTypeIsExplained() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        as(modeler.token()).contentType("application/xml").body("<prompts/>")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(415)
                .body("detail", containsString("application/jsonl"));
        as(modeler.token()).contentType("text/csv").body(new byte[] {(byte) 0xC3, (byte) 0x28})
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("detail", containsString("UTF-8"));
        as(modeler.token()).contentType("text/csv").body("")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(400)
                .body("errors", contains("The file has no records."));
    }

    @Test
    void openingNeedsPromptsAndTwoCandidatesAndIsAllOrNothing() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(409)
                .body("detail", containsString("no prompts"));
        Fixtures.uploadPrompts(modeler, campaign, 4);
        Fixtures.candidateWithOutputs(modeler, campaign, 4, "only");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(409)
                .body("detail", containsString("at least two candidates"));
        as(modeler.token()).get("/api/campaigns/" + campaign).then().body("status", equalTo("draft"));
    }

    @Test
    void openingBuildsOneTaskPerPromptAndCandidatePair() {
        long campaign = Fixtures.draftCampaign(modeler, 2, null);
        Fixtures.uploadPrompts(modeler, campaign, 5);
        Fixtures.candidateWithOutputs(modeler, campaign, 5, "one");
        Fixtures.candidateWithOutputs(modeler, campaign, 5, "two");
        Fixtures.candidateWithOutputs(modeler, campaign, 3, "three"); // answered only p1..p3
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200)
                .body("status", equalTo("open"))
                .body("progress.tasksTotal", equalTo(5 + 3 * 2))
                .body("progress.answersRequired", equalTo(22));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(409)
                .body("detail", containsString("already open"));
        as(modeler.token()).contentType("application/jsonl").body("{\"id\": \"late\", \"prompt\": \"x\"}")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(409)
                .body("detail", containsString("only be added while the campaign is a draft"));
    }

    @Test
    void progressIsForTheModelTeam() {
        long campaign = Fixtures.openCampaign(modeler, 3, 2, null);
        as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().statusCode(200)
                .body("tasksTotal", equalTo(3)).body("answersRequired", equalTo(6)).body("percent", equalTo(0));
        as(Fixtures.labeler().token()).get("/api/campaigns/" + campaign + "/progress").then().statusCode(403);
        as(Fixtures.modeler().token()).get("/api/campaigns/" + campaign + "/progress").then().statusCode(404);
    }
}
