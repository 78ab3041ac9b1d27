package dev.laurel.rewardmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.platform.Channels;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumers of the reward-model streams. Both are idempotent without a ledger of processed events:
 * a redelivered {@link TrainingRequested} finds its job already claimed (the claim is a conditional
 * update), and loading a model that is already loaded changes nothing.
 */
@ApplicationScoped
public class RewardModelEvents {
    private final TrainingWorker worker;
    private final RewardModels models;
    private final ObjectMapper json;

    RewardModelEvents(TrainingWorker worker, RewardModels models, ObjectMapper json) {
        this.worker = worker;
        this.models = models;
        this.json = json;
    }

    @Incoming(Channels.TRAINING_WORKER)
    @Blocking
    public void onTrainingRequested(String payload) {
        read(payload, TrainingRequested.class);
        worker.wake(); // takes the oldest queued job, which may be an older one than this event's
    }

    @Incoming(Channels.REWARD_MODELS_SCORING)
    @Blocking
    public void onRewardModelReady(String payload) {
        RewardModelReady ready = read(payload, RewardModelReady.class);
        if (ready != null) {
            models.preload(ready.modelId());
        }
    }

    private <T> T read(String payload, Class<T> type) {
        try {
            return json.readValue(payload, type);
        } catch (JsonProcessingException e) {
            Log.errorf("Ignoring unreadable %s event: %s", type.getSimpleName(), e.getOriginalMessage());
            return null;
        }
    }
}
