package dev.laurel.rewardmodel;

import static dev.laurel.rewardmodel.RewardModelResourceTest.awaitFinished;
import static dev.laurel.rewardmodel.RewardModelResourceTest.submit;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.platform.Channels;
import dev.laurel.platform.OutboxEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the worker's poll slowed to once an hour, the only way a job can start is its
 * {@code training.requested} event travelling outbox → RabbitMQ → worker; a finished job announces
 * {@code rewardmodel.ready} the same way.
 */
@QuarkusTest
@TestProfile(TrainingEventsTest.EventsOnly.class)
class TrainingEventsTest {

    public static class EventsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laurel.rewardmodel.poll-interval", "1h");
        }
    }

    @Inject
    ObjectMapper json;

    @Test
    void trainingRequestedWakesTheWorkerThroughTheBrokerAndTwoJobsQueue() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long first = submit(modeler, trainingFile(11), "?epochs=3");
        long second = submit(modeler, trainingFile(12), "?epochs=3");
        assertEquals("SUCCEEDED", awaitFinished(modeler, first).getString("status"));
        assertEquals("SUCCEEDED", awaitFinished(modeler, second).getString("status"));

        List<OutboxEvent> requested = events(Channels.TRAINING_OUT);
        assertTrue(requested.stream().anyMatch(e -> e.payload.contains("\"jobId\":" + first)), "training.requested of job " + first);
        long model = awaitFinished(modeler, second).getLong("modelId");
        await().atMost(Duration.ofSeconds(20)).until(() -> events(Channels.REWARD_MODELS_OUT).stream()
                .anyMatch(e -> e.publishedAt != null && e.payload.contains("\"modelId\":" + model)));
        RewardModelReady ready = events(Channels.REWARD_MODELS_OUT).stream()
                .map(e -> read(e.payload)).filter(r -> r.modelId() == model).findFirst().orElseThrow();
        assertEquals(2, ready.version());
        assertEquals(second, ready.jobId());
        assertTrue(events(Channels.TRAINING_OUT).stream().allMatch(e -> e.publishedAt != null));
    }

    private RewardModelReady read(String payload) {
        try {
            return json.readValue(payload, RewardModelReady.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<OutboxEvent> events(String channel) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list("channel", channel));
    }
}
