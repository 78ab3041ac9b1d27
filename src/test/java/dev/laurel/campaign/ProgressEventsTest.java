package dev.laurel.campaign;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
    void theSameSubmissionCountsOnceWhateverItsEventSays() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        long submission = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50); // unused by other tests
        assertTrue(campaigns.recordSubmission(submission, campaign, true));
        assertFalse(campaigns.recordSubmission(submission, campaign, true)); // redelivered, or a copy under a new event id
        assertFalse(campaigns.recordSubmission(submission, campaign, false));
        assertEquals(1, campaigns.progress(campaign).answersAccepted());
        assertEquals(1, campaigns.progress(campaign).tasksCompleted());
    }

    /** Read in a transaction of its own: the test's own session would keep the row it read first. */
    private Campaigns.Progress stored(long campaign) {
        return QuarkusTransaction.requiringNew().call(() -> campaigns.progress(campaign));
    }

    @Test
    void aBatchCountsEveryCampaignAtCommitAndARolledBackOneNothing() {
        Fixtures.User modeler = Fixtures.modeler();
        long first = Fixtures.openCampaign(modeler, 2, 1, null);
        long second = Fixtures.openCampaign(modeler, 2, 1, null);
        long submission = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);
        QuarkusTransaction.requiringNew().run(() -> {
            campaigns.recordSubmission(submission, second, false);
            campaigns.recordSubmission(submission + 1, first, true);
            campaigns.recordSubmission(submission + 2, second, true);
        });
        assertEquals(1, stored(first).answersAccepted());
        assertEquals(1, stored(first).tasksCompleted());
        assertEquals(2, stored(second).answersAccepted());
        assertEquals(1, stored(second).tasksCompleted());

        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            campaigns.recordSubmission(submission + 3, first, true);
            throw new IllegalStateException("the batch fails after counting");
        }));
        assertEquals(1, stored(first).answersAccepted());
        assertTrue(campaigns.recordSubmission(submission + 3, first, true), "the rolled-back submission is not marked done");
        assertEquals(2, stored(first).answersAccepted());
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
