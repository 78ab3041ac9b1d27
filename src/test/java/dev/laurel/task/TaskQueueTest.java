package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TaskQueueTest {
    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    static Response next(Fixtures.User labeler, long campaign) {
        return as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next");
    }

    static Response answer(Fixtures.User labeler, long campaign, long task, String choice) {
        return as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", choice))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer");
    }

    @Test
    void aTaskShowsThePromptAndTwoRepliesButNoModelNames() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        Fixtures.uploadPrompts(modeler, campaign, 1);
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "terse");
        Fixtures.candidateWithOutputs(modeler, campaign, 1, "verbose");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        String names = as(modeler.token()).get("/api/candidates").then().extract().jsonPath().getList("name").toString();

        Response response = next(Fixtures.labeler(), campaign);
        response.then().statusCode(200).body("prompt", equalTo("Question number 1?"));
        JsonPath task = response.jsonPath();
        assertEquals(Set.of("taskId", "campaignId", "campaignName", "instructions", "kind", "prompt", "replyA", "replyB", "settings", "expiresAt"),
                task.getMap("$").keySet());
        assertEquals(Set.of("terse answer to 1", "verbose answer to 1"), Set.of(task.getString("replyA"), task.getString("replyB")));
        for (String name : names.replaceAll("[\\[\\]]", "").split(", ")) {
            assertFalse(response.asString().contains(name), "model name leaked: " + name);
        }
    }

    @Test
    void theSameLeaseComesBackUntilItIsAnswered() {
        long campaign = Fixtures.openCampaign(modeler, 5, 3, null);
        Fixtures.User labeler = Fixtures.labeler();
        long first = next(labeler, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
        assertEquals(first, next(labeler, campaign).jsonPath().getLong("taskId"));
        answer(labeler, campaign, first, "A").then().statusCode(201).body("choice", equalTo("A"));
        assertTrue(next(labeler, campaign).jsonPath().getLong("taskId") != first);
    }

    @Test
    void sidesAreRandomizedPerTask() {
        long campaign = Fixtures.openCampaign(modeler, 40, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        int terseOnLeft = 0;
        for (int i = 0; i < 40; i++) {
            JsonPath task = next(labeler, campaign).then().statusCode(200).extract().jsonPath();
            terseOnLeft += task.getString("replyA").startsWith("terse") ? 1 : 0;
            answer(labeler, campaign, task.getLong("taskId"), "TIE").then().statusCode(201);
        }
        // a fair coin lands outside 6..34 of 40 with probability < 1e-5
        assertTrue(terseOnLeft > 5 && terseOnLeft < 35, "terse reply on the left " + terseOnLeft + " times of 40");
    }

    @Test
    void aLabelerNeverGetsTheSameTaskTwice() {
        long campaign = Fixtures.openCampaign(modeler, 4, 3, null);
        Fixtures.User labeler = Fixtures.labeler();
        Set<Long> seen = new HashSet<>();
        for (Response r = next(labeler, campaign); r.statusCode() == 200; r = next(labeler, campaign)) {
            long task = r.jsonPath().getLong("taskId");
            assertTrue(seen.add(task), "task " + task + " served twice");
            answer(labeler, campaign, task, "B").then().statusCode(201);
        }
        assertEquals(4, seen.size());
        next(labeler, campaign).then().statusCode(204);
    }

    @Test
    void aTaskNeverGetsMoreThanOverlapAnswers() {
        long campaign = Fixtures.openCampaign(modeler, 1, 2, null);
        for (int i = 0; i < 2; i++) {
            Fixtures.User labeler = Fixtures.labeler();
            answer(labeler, campaign, next(labeler, campaign).jsonPath().getLong("taskId"), "A").then().statusCode(201);
        }
        next(Fixtures.labeler(), campaign).then().statusCode(204);
    }

    @Test
    void answersAreValidated() {
        long campaign = Fixtures.openCampaign(modeler, 2, 3, null);
        Fixtures.User labeler = Fixtures.labeler();
        long task = next(labeler, campaign).jsonPath().getLong("taskId");
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("reason", "no choice"))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'choice' is required"));
        answer(labeler, campaign, task, "C").then().statusCode(400)
                .body("detail", containsString("Field 'choice' must be one of A, B, TIE, BOTH_BAD, not 'C'"));
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A", "reason", "x".repeat(2001)))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(400).body("detail", containsString("2000"));
        answer(labeler, campaign, 987654321, "A").then().statusCode(404);
        answer(Fixtures.labeler(), campaign, task, "A").then().statusCode(404).body("detail", containsString("not assigned to you"));
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(403);
        answer(labeler, campaign, task, "both_bad").then().statusCode(201).body("choice", equalTo("BOTH_BAD"));
        answer(labeler, campaign, task, "A").then().statusCode(409).body("detail", containsString("already answered"));
    }

    @Test
    void anExpiredLeaseReturnsToThePool() throws InterruptedException {
        long campaign = Fixtures.openCampaign(modeler, 1, 1, 1);
        Fixtures.User slow = Fixtures.labeler();
        Fixtures.User other = Fixtures.labeler();
        long task = next(slow, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
        next(other, campaign).then().statusCode(204);
        Thread.sleep(1500);
        assertEquals(task, next(other, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId"));
        answer(slow, campaign, task, "A").then().statusCode(409).body("detail", containsString("ran out"));
        answer(other, campaign, task, "B").then().statusCode(201);
    }

    @Test
    void aLateAnswerCountsWhileThereIsStillRoom() throws InterruptedException {
        long campaign = Fixtures.openCampaign(modeler, 1, 2, 1);
        Fixtures.User slow = Fixtures.labeler();
        long task = next(slow, campaign).jsonPath().getLong("taskId");
        Thread.sleep(1500);
        next(Fixtures.labeler(), campaign).then().statusCode(200); // reclaims the expired lease, takes the other slot
        answer(slow, campaign, task, "A").then().statusCode(201);
    }

    @Test
    void aSkippedTaskGoesToSomeoneElse() {
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
        Fixtures.User skipper = Fixtures.labeler();
        long task = next(skipper, campaign).jsonPath().getLong("taskId");
        as(skipper.token()).post("/api/campaigns/" + campaign + "/tasks/" + task + "/skip").then().statusCode(204);
        next(skipper, campaign).then().statusCode(204);
        assertEquals(task, next(Fixtures.labeler(), campaign).then().statusCode(200).extract().jsonPath().getLong("taskId"));
    }

    @Test
    void draftCampaignsServeNoTasks() {
        long draft = Fixtures.draftCampaign(modeler, 3, null);
        next(Fixtures.labeler(), draft).then().statusCode(404).contentType("application/problem+json");
    }
}
