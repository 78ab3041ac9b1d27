package dev.laurel.platform;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Publishes committed outbox rows in order, then marks them published. Delivery is at-least-once
 * (a crash between publish and mark republishes), which is why every consumer is idempotent.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, MutinyEmitter<String>> emitters;

    OutboxRelay(@Channel(Channels.SUBMISSIONS_OUT) MutinyEmitter<String> submissions,
                @Channel(Channels.DROPS_OUT) MutinyEmitter<String> drops,
                @Channel(Channels.GENERATION_REQUESTED_OUT) MutinyEmitter<String> generationRequested,
                @Channel(Channels.GENERATION_COMPLETED_OUT) MutinyEmitter<String> generationCompleted,
                @Channel(Channels.TRAINING_OUT) MutinyEmitter<String> training,
                @Channel(Channels.REWARD_MODELS_OUT) MutinyEmitter<String> rewardModels) {
        this.emitters = Map.of(Channels.SUBMISSIONS_OUT, submissions, Channels.DROPS_OUT, drops,
                Channels.GENERATION_REQUESTED_OUT, generationRequested, Channels.GENERATION_COMPLETED_OUT, generationCompleted,
                Channels.TRAINING_OUT, training, Channels.REWARD_MODELS_OUT, rewardModels);
    }

    @Scheduled(every = "${laurel.outbox.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = UntilStarted.class)
    void poll() {
        try {
            while (publishBatch() == BATCH) {
                // keep draining while there is a backlog
            }
        } catch (RuntimeException e) {
            Log.warnf("Outbox relay will retry: %s", e.getMessage());
        }
    }

    /** The scheduler starts before the messaging channels are wired; wait until the application is up. */
    @Singleton
    public static class UntilStarted implements Scheduled.SkipPredicate {
        private volatile boolean started;

        void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
            started = true;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !started;
        }
    }

    /** Publishes up to one batch; returns how many rows it published. */
    public int publishBatch() {
        List<OutboxEvent> pending = QuarkusTransaction.requiringNew().call(() ->
                OutboxEvent.<OutboxEvent>find("publishedAt is null order by id").page(0, BATCH).list());
        for (OutboxEvent event : pending) {
            MutinyEmitter<String> emitter = emitters.get(event.channel);
            if (emitter == null) {
                throw new IllegalStateException("No emitter for channel " + event.channel);
            }
            emitter.send(event.payload).await().atMost(ACK_TIMEOUT);
            QuarkusTransaction.requiringNew().run(() ->
                    OutboxEvent.update("publishedAt = ?1 where id = ?2", Instant.now(), event.id));
        }
        return pending.size();
    }
}
