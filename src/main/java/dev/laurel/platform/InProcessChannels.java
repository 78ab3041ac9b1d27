package dev.laurel.platform;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The embedded default has no broker: deliver each message of an "-out" channel to every consumer
 * channel {@link Channels#FANOUT} names, and acknowledge it only when all consumers have, so the
 * outbox relay retries on failure just as it would with RabbitMQ.
 */
@ApplicationScoped
@IfBuildProperty(name = "laurel.messaging.broker", stringValue = "none")
public class InProcessChannels {
    private final MutinyEmitter<String> progress;
    private final MutinyEmitter<String> game;
    private final MutinyEmitter<String> generationWork;
    private final MutinyEmitter<String> generationTasks;
    private final MutinyEmitter<String> generationRewards;
    private final MutinyEmitter<String> quality;
    private final MutinyEmitter<String> trainingWorker;
    private final MutinyEmitter<String> rewardModelsScoring;

    InProcessChannels(@Channel(Channels.SUBMISSIONS_PROGRESS) MutinyEmitter<String> progress,
                      @Channel(Channels.ASSESSMENTS_GAME) MutinyEmitter<String> game,
                      @Channel(Channels.GENERATION_WORK) MutinyEmitter<String> generationWork,
                      @Channel(Channels.GENERATION_TASKS) MutinyEmitter<String> generationTasks,
                      @Channel(Channels.SUBMISSIONS_QUALITY) MutinyEmitter<String> quality,
                      @Channel(Channels.TRAINING_WORKER) MutinyEmitter<String> trainingWorker,
                      @Channel(Channels.REWARD_MODELS_SCORING) MutinyEmitter<String> rewardModelsScoring,
                      @Channel(Channels.GENERATION_REWARDS) MutinyEmitter<String> generationRewards) {
        this.progress = progress;
        this.game = game;
        this.generationWork = generationWork;
        this.generationTasks = generationTasks;
        this.quality = quality;
        this.trainingWorker = trainingWorker;
        this.rewardModelsScoring = rewardModelsScoring;
        this.generationRewards = generationRewards;
    }

    @Incoming(Channels.TRAINING_OUT)
    public Uni<Void> training(String payload) {
        return trainingWorker.send(payload);
    }

    @Incoming(Channels.REWARD_MODELS_OUT)
    public Uni<Void> rewardModels(String payload) {
        return rewardModelsScoring.send(payload);
    }

    @Incoming(Channels.ASSESSMENTS_OUT)
    public Uni<Void> assessments(String payload) {
        return game.send(payload);
    }

    @Incoming(Channels.GENERATION_REQUESTED_OUT)
    public Uni<Void> generationRequested(String payload) {
        return generationWork.send(payload);
    }

    @Incoming(Channels.GENERATION_COMPLETED_OUT)
    public Uni<Void> generationCompleted(String payload) {
        return Uni.combine().all().unis(generationTasks.send(payload), generationRewards.send(payload)).discardItems();
    }

    @Incoming(Channels.SUBMISSIONS_OUT)
    public Uni<Void> submissions(String payload) {
        return Uni.combine().all().unis(progress.send(payload), quality.send(payload)).discardItems();
    }
}
