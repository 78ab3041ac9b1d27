package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Manual assignment through the API: the model team says who labels which item; the queue obeys. */
@QuarkusTest
class ManualAssignmentTest {

    /** A draft categorical campaign over items p1..p{prompts}, {@code overlap} answers each. */
    private static long campaign(Fixtures.User modeler, int prompts, int overlap) {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("assigned"), "kind", "CATEGORICAL", "overlap", overlap,
                        "settings", Map.of("labels", List.of("yes", "no"))))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, prompts);
        return campaign;
    }

    private static Response next(Fixtures.User labeler, long campaign) {
        return as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next");
    }

    private static void answer(Fixtures.User labeler, long campaign, long task) {
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("labels", List.of("yes")))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
    }

    @Test
    void badAssignmentLinesAreAllReportedAndNothingIsSaved() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = campaign(modeler, 2, 1);
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.User other = Fixtures.modeler();
        String csv = "item,labeler\n"
                + "p1," + labeler.username() + "\n"
                + "p9," + labeler.username() + "\n"
                + "p2,nobody-at-all\n"
                + "p2," + other.username() + "\n"
                + "p1," + labeler.username() + "\n"
                + "p2,\n";
        as(modeler.token()).contentType("text/csv").body(csv).post("/api/campaigns/" + campaign + "/assignments")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem("Line 3: item 'p9' is not an item of campaign " + campaign
                        + " (use the 'id' of an uploaded prompt)."))
                .body("errors", hasItem("Line 4: 'nobody-at-all' is not a labeler."))
                .body("errors", hasItem("Line 5: '" + other.username() + "' is not a labeler."))
                .body("errors", hasItem("Line 6: '" + labeler.username() + "' is assigned to item 'p1' already on line 2."))
                .body("errors", hasItem("Line 7: field 'labeler' is empty."));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/assignments").then().statusCode(200).body("size()", equalTo(0));
        // another team's campaign does not exist for this modeler
        as(other.token()).contentType("text/csv").body("item,labeler\np1," + labeler.username() + "\n")
                .post("/api/campaigns/" + campaign + "/assignments").then().statusCode(404);
        as(labeler.token()).contentType("text/csv").body("item,labeler\np1," + labeler.username() + "\n")
                .post("/api/campaigns/" + campaign + "/assignments").then().statusCode(403);
    }

    @Test
    void anItemGoesOnlyToTheLabelersAssignedToItOnceEach() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = campaign(modeler, 3, 2);
        Fixtures.User ann = Fixtures.labeler();
        Fixtures.User bob = Fixtures.labeler();
        Fixtures.User eve = Fixtures.labeler();
        String jsonl = String.join("\n",
                "{\"item\": \"p1\", \"labeler\": \"" + ann.username() + "\"}",
                "{\"item\": \"p2\", \"labeler\": \"" + ann.username() + "\"}",
                "{\"item\": \"p1\", \"labeler\": \"" + bob.username() + "\"}");
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/campaigns/" + campaign + "/assignments").then().statusCode(201)
                .body("added", equalTo(3)).body("total", equalTo(3)).body("items", equalTo(2)).body("labelers", equalTo(2));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        as(modeler.token()).contentType("text/csv").body("item,labeler\np1," + ann.username() + "\n")
                .post("/api/campaigns/" + campaign + "/assignments").then().statusCode(400)
                .body("errors", hasItem("Line 2: '" + ann.username() + "' is already assigned to item 'p1'."));

        Set<String> annItems = new HashSet<>();
        List<Long> annTasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Response task = next(ann, campaign).then().statusCode(200).extract().response();
            annItems.add(task.jsonPath().getString("prompt"));
            annTasks.add(task.jsonPath().getLong("taskId"));
            answer(ann, campaign, task.jsonPath().getLong("taskId"));
        }
        assertEquals(Set.of("Question number 1?", "Question number 2?"), annItems);
        assertEquals(204, next(ann, campaign).statusCode(), "p3 is nobody's, and nobody gets an item twice");

        Response bobs = next(bob, campaign).then().statusCode(200).extract().response();
        assertEquals("Question number 1?", bobs.jsonPath().getString("prompt"));
        assertTrue(annTasks.contains(bobs.jsonPath().getLong("taskId")), "the same task, each labeler answering it once");
        answer(bob, campaign, bobs.jsonPath().getLong("taskId"));
        assertEquals(204, next(bob, campaign).statusCode());
        assertEquals(204, next(eve, campaign).statusCode(), "a labeler with no assignment gets nothing here");

        as(modeler.token()).get("/api/campaigns/" + campaign + "/assignments").then().statusCode(200)
                .body("size()", equalTo(3)).body("item", hasItem("p2")).body("labeler", hasItem(bob.username()));
    }

    @Test
    void aCampaignWithoutAssignmentsServesEveryone() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = campaign(modeler, 1, 2);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        assertEquals(200, next(Fixtures.labeler(), campaign).statusCode());
        assertEquals(200, next(Fixtures.labeler(), campaign).statusCode());
    }
}
