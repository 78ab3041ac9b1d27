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
import dev.laurel.platform.EventSignatures;
import dev.laurel.platform.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    EventSignatures signatures;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;
    @ConfigProperty(name = "mp.messaging.incoming." + Channels.SUBMISSIONS_PROGRESS + ".exchange.name")
    String exchange;

    /** Sends raw messages to the submissions exchange, as any process on the broker could: unsigned. */
    private void send(List<String> payloads) throws Exception {
        send(payloads, false);
    }

    /**
     * Sends raw messages to the submissions exchange; {@code signed}: with the outbox's signature, as the relay
     * sends a redelivery (or, for a malformed one, as a bug of Laurel's own would).
     */
    private void send(List<String> payloads, boolean signed) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        try (com.rabbitmq.client.Connection connection = factory.newConnection("submission-events-test");
             com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            for (String payload : payloads) {
                var properties = new com.rabbitmq.client.AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2);
                if (signed) {
                    properties.headers(java.util.Map.of(EventSignatures.HEADER,
                            signatures.sign(Channels.SUBMISSIONS_OUT, payload)));
                }
                channel.basicPublish(exchange, "", properties.build(), payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

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
        send(List.of(real, real), true);
        // the same event with its signature but a new event id: the signature no longer fits
        send(List.of(real.replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"" + Outbox.newEventId() + "\"")), false);
        // a forged event: a submission that was never made, unsigned (only the relay has the key)
        String forgedId = Outbox.newEventId();
        String forged = json.writeValueAsString(new SubmissionAccepted(forgedId, submission + 1_000_000, 1, campaign,
                labeler.id(), "A", 5000, true, Instant.now(), TaskKind.PAIRWISE, null));
        send(List.of(forged));
        // the forgery with a signature made for another stream: refused as well
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        try (var connection = factory.newConnection("submission-events-test");
             var channel = connection.createChannel()) {
            channel.basicPublish(exchange, "", new com.rabbitmq.client.AMQP.BasicProperties.Builder().headers(java.util.Map.of(
                    EventSignatures.HEADER, signatures.sign(Channels.ASSESSMENTS_OUT, forged))).build(),
                    forged.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // signed but unreadable, and signed with an event id nobody could have written: read and refused
        send(List.of("this is not an event"), true);
        String longId = "x".repeat(80);
        send(List.of(json.writeValueAsString(new SubmissionAccepted(longId, submission, task, campaign, labeler.id(),
                "A", 5000, true, Instant.now(), TaskKind.PAIRWISE, null))), true);

        // progress and quality each park every bad message, and apply nothing of them
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedReasons().stream()
                .filter(r -> r.contains("does not carry the outbox's signature")).count() >= 6);
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
    void consumersSurviveABurstOfThousandsOfMessages() throws Exception {
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
        send(java.util.Collections.nCopies(3000, real), true);
        // the consumers are still alive: the campaign's second answer is counted after all of them
        long second = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
        as(labeler.token()).contentType("application/json").body("{\"choice\": \"B\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + second + "/answer").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> answersAccepted(modeler, campaign) == 2);
        assertEquals(2, answersAccepted(modeler, campaign));
    }
}
