package dev.laurel.campaign;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.platform.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProgressEventsTest {
    @Inject
    Campaigns campaigns;

    private long answersAccepted(Fixtures.User modeler, long campaign) {
        return as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").jsonPath().getLong("answersAccepted");
    }

    @Test
    void theSameEventAppliedTwiceCountsOnce() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        String event = Outbox.newEventId();
        assertTrue(campaigns.recordSubmission(event, campaign, true));
        assertFalse(campaigns.recordSubmission(event, campaign, true));
        assertEquals(1, campaigns.progress(campaign).answersAccepted());
        assertEquals(1, campaigns.progress(campaign).tasksCompleted());
    }

    @Test
    void answeringMovesTheModelTeamsProgress() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        for (int i = 0; i < 2; i++) {
            long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
            as(labeler.token()).contentType("application/json").body("{\"choice\": \"TIE\"}")
                    .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then()
                        .body("answersAccepted", org.hamcrest.Matchers.equalTo(2))
                        .body("tasksCompleted", org.hamcrest.Matchers.equalTo(2))
                        .body("percent", org.hamcrest.Matchers.equalTo(100)));
    }
}
