package dev.laurel.platform;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The embedded default has no broker: deliver each message of an "-out" channel to every consumer
 * channel, and acknowledge it only when all consumers have, so the outbox relay retries on failure
 * just as it would with RabbitMQ.
 */
@ApplicationScoped
@IfBuildProperty(name = "laurel.messaging.broker", stringValue = "none")
public class InProcessChannels {
    private final MutinyEmitter<String> progress;
    private final MutinyEmitter<String> game;

    InProcessChannels(@Channel(Channels.SUBMISSIONS_PROGRESS) MutinyEmitter<String> progress,
                      @Channel(Channels.SUBMISSIONS_GAME) MutinyEmitter<String> game) {
        this.progress = progress;
        this.game = game;
    }

    @Incoming(Channels.SUBMISSIONS_OUT)
    public Uni<Void> submissions(String payload) {
        return Uni.combine().all().unis(progress.send(payload), game.send(payload)).discardItems();
    }
}
