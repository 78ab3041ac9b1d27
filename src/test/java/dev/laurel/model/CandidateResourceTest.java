package dev.laurel.model;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CandidateResourceTest {
    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    private long register(Fixtures.User owner, String name) {
        return as(owner.token()).contentType(ContentType.JSON).body(Map.of("name", name, "kind", "UPLOADED_OUTPUTS"))
                .post("/api/candidates").then().statusCode(201).body("name", equalTo(name))
                .extract().jsonPath().getLong("id");
    }

    @Test
    void candidatesBelongToTheirTeam() {
        long mine = register(modeler, "llama-sft-v3");
        as(modeler.token()).get("/api/candidates").then().body("id", hasItem((int) mine));
        Fixtures.User rival = Fixtures.modeler();
        as(rival.token()).get("/api/candidates/" + mine).then().statusCode(404);
        as(rival.token()).get("/api/candidates").then().body("id", not(hasItem((int) mine)));
        as(Fixtures.labeler().token()).get("/api/candidates").then().statusCode(403);
    }

    @Test
    void duplicateAndInvalidNamesAreRejected() {
        register(modeler, "twin");
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", "twin"))
                .post("/api/candidates").then().statusCode(409).body("detail", containsString("already has a candidate"));
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", "<b>bold</b>"))
                .post("/api/candidates").then().statusCode(400).body("detail", containsString("letters, digits"));
    }

    @Test
    void outputsAreCheckedLineByLineAndAllOrNothing() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        Fixtures.uploadPrompts(modeler, campaign, 3);
        long candidate = register(modeler, "gpt-ish");
        String body = String.join("\n",
                "{\"prompt_id\": \"p1\", \"output\": \"fine\"}",
                "{\"prompt_id\": \"p9\", \"output\": \"no such prompt\"}",
                "{\"prompt_id\": \"p1\", \"output\": \"twice\"}",
                "{\"prompt_id\": \"p2\"}");
        String outputs = "/api/candidates/" + candidate + "/campaigns/" + campaign + "/outputs";
        as(modeler.token()).contentType("application/jsonl").body(body).post(outputs).then().statusCode(400)
                .body("errors", contains(
                        "Line 2: prompt_id 'p9' is not a prompt of campaign " + campaign + ".",
                        "Line 3: prompt_id 'p1' appears more than once in the file.",
                        "Line 4: field 'output' is missing."));
        // nothing was stored: the corrected file now goes through whole
        as(modeler.token()).contentType("text/csv").body("prompt_id,output\np1,one\np2,two\np3,three\n")
                .post(outputs).then().statusCode(201).body("added", equalTo(3));
        as(modeler.token()).contentType("application/jsonl").body("{\"prompt_id\": \"p1\", \"output\": \"again\"}")
                .post(outputs).then().statusCode(400).body("errors[0]", containsString("already has an output"));
    }

    @Test
    void anotherTeamsCandidateCannotAnswerMyCampaign() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        Fixtures.uploadPrompts(modeler, campaign, 1);
        Fixtures.User rival = Fixtures.modeler();
        long theirs = register(rival, "theirs");
        as(modeler.token()).contentType("application/jsonl").body("{\"prompt_id\": \"p1\", \"output\": \"x\"}")
                .post("/api/candidates/" + theirs + "/campaigns/" + campaign + "/outputs").then().statusCode(404);
        as(rival.token()).contentType("application/jsonl").body("{\"prompt_id\": \"p1\", \"output\": \"x\"}")
                .post("/api/candidates/" + theirs + "/campaigns/" + campaign + "/outputs").then().statusCode(404);
    }
}
