package dev.laurel.model;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.laurel.Fixtures;
import dev.laurel.task.Task;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * On the real RabbitMQ broker: a worker takes batches, dies holding one it has half generated (its
 * connection closes without an acknowledgement), and the job still completes once a worker is back,
 * with every prompt answered exactly once.
 */
@QuarkusTest
@TestProfile(WorkerCrashTest.WebOnly.class)
public class WorkerCrashTest {
    private static final String QUEUE = "laurel.generation.work";
    private static final int PROMPTS = 6; // batches of 2 in the test profile: 3 messages

    /**
     * This process starts without the worker role; the test plays the worker that dies. Shared with
     * {@link WebRoleArtifactTest}: a quick validation poll (so waiting shows a web process never validates)
     * and a small model-zip limit (so a too-large upload is cheap to send); the same for scorer uploads, which
     * {@code rewardmodel.WebRoleRewardModelTest} sends to this process too.
     */
    public static class WebOnly implements QuarkusTestProfile {
        public static final long MAX_ARTIFACT_BYTES = 2_000_000;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laurel.roles", "web", "laurel.models.validation-poll", "200ms",
                    "laurel.models.max-artifact-bytes", String.valueOf(MAX_ARTIFACT_BYTES),
                    "laurel.rewardmodel.validation-poll", "200ms",
                    "laurel.rewardmodel.max-scorer-bytes", String.valueOf(MAX_ARTIFACT_BYTES),
                    // no worker here answers a scoring request: POST …/score gives up waiting soon (202)
                    "laurel.rewardmodel.score-wait", "1s");
        }
    }

    @Inject
    GenerationWorker worker;
    @Inject
    GenerationRole role;
    @Inject
    ObjectMapper json;
    @Inject
    ArtifactValidation validation;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @Test
    void aJobResumesAfterItsWorkerDiesWithoutDuplicateReplies() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, PROMPTS);
        Fixtures.candidateWithOutputs(modeler, campaign, PROMPTS, "uploaded");
        long candidate = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("tiny"), "kind", "DJL_ARTIFACT", "temperature", 0, "maxTokens", 20))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/zip").body(TinyModels.chatbotZip())
                .put("/api/candidates/" + candidate + "/artifact").then().statusCode(202);
        assertTrue(validation.validateNow(candidate)); // this web process has no worker: the test validates
        as(modeler.token()).post("/api/candidates/" + candidate + "/campaigns/" + campaign).then().statusCode(204);

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        Connection connection = factory.newConnection();
        Channel channel = connection.createChannel();
        // the same queue the workers declare, so batches wait in it while no worker has subscribed yet
        channel.exchangeDeclare("laurel.generation.requested", "topic", true);
        // with the arguments application.properties gives every queue (quorum, delivery limit, dead-letter queue)
        channel.queueDeclare(QUEUE, true, false, false, Map.of("x-queue-type", "quorum", "x-delivery-limit", 20,
                "x-dead-letter-exchange", "DLX", "x-dead-letter-routing-key", QUEUE));
        channel.queueBind(QUEUE, "laurel.generation.requested", "#");
        channel.queuePurge(QUEUE);

        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);

        // the dying worker: finishes one batch, then half of the next, then its process is gone
        GetResponse first = awaitMessage(channel);
        worker.handle(json.readValue(first.getBody(), GenerationRequested.class));
        channel.basicAck(first.getEnvelope().getDeliveryTag(), false);
        GetResponse second = awaitMessage(channel);
        GenerationRequested half = json.readValue(second.getBody(), GenerationRequested.class);
        worker.handle(new GenerationRequested(half.eventId(), half.jobId(), half.campaignId(), half.candidateId(),
                half.promptIds().subList(0, 1)));
        connection.abort(); // no acknowledgement: the broker gives the batch to the next worker
        assertEquals(3, generations(candidate));

        role.resume(); // a worker (this process) starts
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then()
                        .body("[0].finished", equalTo(true)).body("[0].generated", equalTo(PROMPTS)));
        assertEquals(PROMPTS, generations(candidate));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(PROMPTS, (long) QuarkusTransaction.requiringNew().call(() -> Task.count("campaignId", campaign))));
    }

    private static GetResponse awaitMessage(Channel channel) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(QUEUE, false);
            if (response != null) {
                return response;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no generation batch arrived");
    }

    private static long generations(long candidate) {
        long count = QuarkusTransaction.requiringNew().call(() -> Generation.count("candidateId", candidate));
        assertTrue(count <= PROMPTS);
        return count;
    }
}
