package dev.laurel.campaign;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.SubmissionAccepted;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProgressEventsTest {
    @Inject
    Campaigns campaigns;
    @Inject
    ObjectMapper json;
    @Inject
    @Channel(Channels.SUBMISSIONS_OUT)
    MutinyEmitter<String> submissions;

    private long answersAccepted(Fixtures.User modeler, long campaign) {
        return as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").jsonPath().getLong("answersAccepted");
    }

    @Test
    void theSameEventAppliedTwiceCountsOnce() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        SubmissionAccepted event = new SubmissionAccepted(Outbox.newEventId(), 1, 1, campaign, 1, "A", 5000, true, Instant.now());
        assertTrue(campaigns.recordSubmission(event));
        assertFalse(campaigns.recordSubmission(event));
        assertEquals(1, campaigns.progress(campaign).answersAccepted());
        assertEquals(1, campaigns.progress(campaign).tasksCompleted());
    }

    @Test
    void theSameMessageDeliveredTwiceThroughTheBrokerCountsOnce() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        String eventId = Outbox.newEventId();
        String payload = json.writeValueAsString(new SubmissionAccepted(eventId, 1, 1, campaign, 1, "B", 5000, false, Instant.now()));
        submissions.send(payload).await().atMost(Duration.ofSeconds(10));
        submissions.send(payload).await().atMost(Duration.ofSeconds(10));
        // a later, different event proves both copies above have been consumed before we look
        String marker = json.writeValueAsString(new SubmissionAccepted(Outbox.newEventId(), 2, 2, campaign, 1, "A", 5000, false, Instant.now()));
        submissions.send(marker).await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(15)).until(() -> answersAccepted(modeler, campaign) >= 2);
        Thread.sleep(500);
        assertEquals(2, answersAccepted(modeler, campaign));
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
