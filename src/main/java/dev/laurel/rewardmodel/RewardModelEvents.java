package dev.laurel.rewardmodel;

import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumers of the reward-model streams. Both are idempotent without a ledger of processed events:
 * a redelivered {@link TrainingRequested} finds its job already claimed (the claim is a conditional
 * update), and loading a model that is already loaded changes nothing. Both load DJL, so both run only in
 * worker-role processes ({@link TrainingWorker}, {@link ScoringRole}).
 */
@ApplicationScoped
public class RewardModelEvents {
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<TrainingRequested> training;
    private final EventConsumers.Subscription<RewardModelReady> ready;

    RewardModelEvents(EventConsumers consumers, TrainingWorker worker, RewardModels models, ScoringRole role) {
        this.consumers = consumers;
        // the worker takes the oldest queued job, which may be an older one than this event's
        this.training = new EventConsumers.Subscription<>("training-worker", Channels.TRAINING_OUT,
                TrainingRequested.class, TrainingRequested::teamId, event -> worker.wake());
        this.ready = new EventConsumers.Subscription<>("reward-model-scoring", Channels.REWARD_MODELS_OUT,
                RewardModelReady.class, RewardModelReady::modelId, event -> {
                    if (role.mayScore()) { // loading is a worker's (ScoringRole); elsewhere the event changes nothing
                        models.preload(event.modelId());
                    }
                });
    }

    @Incoming(Channels.TRAINING_WORKER)
    public CompletionStage<Void> onTrainingRequested(Message<?> message) {
        return consumers.deliver(training, message);
    }

    @Incoming(Channels.REWARD_MODELS_SCORING)
    public CompletionStage<Void> onRewardModelReady(Message<?> message) {
        return consumers.deliver(ready, message);
    }
}
