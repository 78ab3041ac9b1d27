package dev.laurel.platform;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The embedded default (no broker): each row goes to its "-out" channel, which {@link InProcessChannels}
 * fans out; a row counts as delivered when every consumer acknowledged it.
 */
@ApplicationScoped
@IfBuildProperty(name = "laurel.messaging.broker", stringValue = "none")
class InProcessPublisher implements OutboxPublisher {
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final Map<String, MutinyEmitter<String>> emitters;

    InProcessPublisher(@Channel(Channels.SUBMISSIONS_OUT) MutinyEmitter<String> submissions,
                       @Channel(Channels.ASSESSMENTS_OUT) MutinyEmitter<String> assessments,
                       @Channel(Channels.GENERATION_REQUESTED_OUT) MutinyEmitter<String> generationRequested,
                       @Channel(Channels.GENERATION_COMPLETED_OUT) MutinyEmitter<String> generationCompleted,
                       @Channel(Channels.TRAINING_OUT) MutinyEmitter<String> training,
                       @Channel(Channels.REWARD_MODELS_OUT) MutinyEmitter<String> rewardModels) {
        this.emitters = Map.of(Channels.SUBMISSIONS_OUT, submissions, Channels.ASSESSMENTS_OUT, assessments,
                Channels.GENERATION_REQUESTED_OUT, generationRequested, Channels.GENERATION_COMPLETED_OUT, generationCompleted,
                Channels.TRAINING_OUT, training, Channels.REWARD_MODELS_OUT, rewardModels);
    }

    @Override
    public List<Long> publish(List<Row> rows) {
        List<CompletableFuture<Long>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            MutinyEmitter<String> emitter = emitters.get(row.channel());
            if (emitter == null) {
                throw new IllegalStateException("No emitter for channel " + row.channel());
            }
            acks.add(emitter.sendMessage(Message.of(row.payload())).map(ignored -> row.id())
                    .onFailure().recoverWithItem(failure -> {
                        Log.warnf("Event %s not applied, will be sent again: %s", row.eventId(), failure.getMessage());
                        return null;
                    })
                    .subscribeAsCompletionStage());
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            Log.warnf("Consumers acknowledged only part of a batch within %d s; the rest will be sent again",
                    ACK_TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        List<Long> delivered = new ArrayList<>(rows.size());
        for (CompletableFuture<Long> ack : acks) {
            Long id = ack.isDone() && !ack.isCompletedExceptionally() ? ack.join() : null;
            if (id != null) {
                delivered.add(id);
            }
        }
        return delivered;
    }
}
