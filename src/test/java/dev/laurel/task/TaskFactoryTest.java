package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Generation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tasks for replies that arrive after a campaign opened (the generation pipeline's entry point). */
@QuarkusTest
class TaskFactoryTest {
    @Inject
    TaskFactory factory;
    @Inject
    GeneratedReplies generatedReplies;

    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    @Test
    void repliesArrivingLaterBecomeTasksOnceAndCountInProgress() {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("rubric"), "kind", "RUBRIC", "overlap", 2,
                        "settings", Map.of("dimensions", List.of(Map.of("name", "honesty")))))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, 2);
        // one candidate answers only prompt p1 before opening
        long candidate = Fixtures.candidateWithOutputs(modeler, campaign, 1, "early");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().statusCode(200)
                .body("tasksTotal", org.hamcrest.Matchers.equalTo(1));

        long p2 = QuarkusTransaction.requiringNew().call(() -> Prompt.<Prompt>find("campaignId = ?1 and externalId = ?2",
                campaign, "p2").firstResult().id);
        long generation = QuarkusTransaction.requiringNew().call(() -> {
            Generation g = new Generation();
            g.candidateId = candidate;
            g.promptId = p2;
            g.text = "a generated reply to p2";
            g.createdAt = Instant.now();
            g.persist();
            return g.id;
        });
        List<Task> made = factory.addTasksForPrompt(campaign, p2);
        assertEquals(1, made.size());
        assertEquals(List.of(generation), made.get(0).replies());
        assertTrue(factory.addTasksForPrompt(campaign, p2).isEmpty(),
                "a prompt that has tasks gets no more");
        as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().statusCode(200)
                .body("tasksTotal", org.hamcrest.Matchers.equalTo(2)).body("answersRequired", org.hamcrest.Matchers.equalTo(4));

        Fixtures.User labeler = Fixtures.labeler();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (int i = 0; i < 2; i++) {
            io.restassured.path.json.JsonPath task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                    .then().statusCode(200).extract().jsonPath();
            shown.add(task.getString("replies[0].text"));
            as(labeler.token()).contentType(ContentType.JSON).body(Map.of("ratings", Map.of("honesty", 3)))
                    .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer").then().statusCode(201);
        }
        assertEquals(java.util.Set.of("early answer to 1", "a generated reply to p2"), shown);
    }

    @Test
    void aGenerationEventForACampaignThatNoLongerExistsIsAcknowledgedWithNothingAdded() {
        String eventId = java.util.UUID.randomUUID().toString();
        assertEquals(0, generatedReplies.apply(new dev.laurel.model.GenerationCompleted(eventId, 987_654_321L, 1L, List.of(1L))),
                "no exception: a thrown event would be requeued forever");
        assertEquals(0, generatedReplies.apply(new dev.laurel.model.GenerationCompleted(eventId, 987_654_321L, 1L, List.of(1L))));
    }
}
