package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.junit.jupiter.api.Test;

/**
 * The event seam as a consumer sees it, through the real broker: a redelivered event counts once; a
 * forged, unreadable or malformed message is parked with its reason (and requeueable), never applied
 * and never redelivered forever.
 */
@QuarkusTest
class SubmissionEventsTest {
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager em;
    @Inject
    @Channel(Channels.SUBMISSIONS_OUT)
    MutinyEmitter<String> submissions;

    private static long answersAccepted(Fixtures.User modeler, long campaign) {
        return as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").jsonPath().getLong("answersAccepted");
    }

    private static List<String> parkedReasons() {
        return as(Fixtures.adminToken()).get("/api/admin/events/parked").then().statusCode(200).extract().jsonPath()
                .getList("reason", String.class);
    }

    @Test
    void aRedeliveredEventCountsOnceAndForgedOrBrokenOnesAreParked() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
        long submission = as(labeler.token()).contentType("application/json").body("{\"choice\": \"B\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        await().atMost(Duration.ofSeconds(15)).until(() -> answersAccepted(modeler, campaign) == 1);

        // the real event, twice more, as a redelivery would bring it
        String real = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "select payload from outbox_event where channel = ?1 and payload like ?2")
                .setParameter(1, Channels.SUBMISSIONS_OUT).setParameter(2, "%\"submissionId\":" + submission + ",%")
                .getSingleResult());
        submissions.send(real).await().atMost(Duration.ofSeconds(10));
        submissions.send(real).await().atMost(Duration.ofSeconds(10));
        // a forged event: a submission that was never made
        String forgedId = Outbox.newEventId();
        submissions.send(json.writeValueAsString(new SubmissionAccepted(forgedId, submission + 1_000_000, 1, campaign,
                labeler.id(), "A", 5000, true, Instant.now(), TaskKind.PAIRWISE, null))).await().atMost(Duration.ofSeconds(10));
        // unreadable, and an event id nobody could have written
        submissions.send("this is not an event").await().atMost(Duration.ofSeconds(10));
        String longId = "x".repeat(80);
        submissions.send(json.writeValueAsString(new SubmissionAccepted(longId, submission, task, campaign, labeler.id(),
                "A", 5000, true, Instant.now(), TaskKind.PAIRWISE, null))).await().atMost(Duration.ofSeconds(10));

        // progress and quality each park the three bad messages (six rows), and apply nothing of them
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedReasons().stream()
                .filter(r -> r.contains("No submission " + (submission + 1_000_000))).count() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedReasons().stream()
                .filter(r -> r.contains("event id must be 1 to 36 characters; it is 80")).count() >= 2);
        assertTrue(parkedReasons().stream().anyMatch(r -> r.contains("is not a SubmissionAccepted in JSON")));
        assertEquals(1, answersAccepted(modeler, campaign), "duplicates and forgeries never count");

        // parked messages are listed for admins; one that never came from the outbox cannot be requeued
        JsonPath parked = as(Fixtures.adminToken()).get("/api/admin/events/parked").jsonPath();
        long forgedRow = parked.getLong("find { it.eventId == '" + forgedId + "' }.id");
        as(Fixtures.adminToken()).post("/api/admin/events/parked/" + forgedRow + "/requeue").then().statusCode(409);
        as(labeler.token()).get("/api/admin/events/parked").then().statusCode(403);
        as(Fixtures.adminToken()).get("/api/admin/events/parked").then()
                .body("consumer", hasItem("campaign-progress"));
    }

    @Test
    void consumersSurviveABurstOfThousandsOfMessages() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
        long submission = as(labeler.token()).contentType("application/json").body("{\"choice\": \"A\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        String real = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                        "select payload from outbox_event where channel = ?1 and payload like ?2")
                .setParameter(1, Channels.SUBMISSIONS_OUT).setParameter(2, "%\"submissionId\":" + submission + ",%")
                .getSingleResult());
        // 3,000 redeliveries at once, as a relay catching up after a broker outage sends them
        for (int chunk = 0; chunk < 30; chunk++) {
            List<io.smallrye.mutiny.Uni<Void>> sends = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sends.add(submissions.send(real));
            }
            io.smallrye.mutiny.Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(30));
        }
        // the consumers are still alive: the campaign's second answer is counted after all of them
        long second = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
        as(labeler.token()).contentType("application/json").body("{\"choice\": \"B\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + second + "/answer").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> answersAccepted(modeler, campaign) == 2);
        assertEquals(2, answersAccepted(modeler, campaign));
    }
}
