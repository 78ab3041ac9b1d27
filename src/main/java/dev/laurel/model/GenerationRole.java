package dev.laurel.model;

import dev.laurel.platform.Channels;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Only processes with the {@code worker} role take generation batches. With a broker the work channel
 * starts paused and unsubscribed (nothing is held by a web pod, and its health is not reported there); a
 * worker resumes it at startup and reports it in its readiness ("generation worker": up once it takes batches).
 */
@ApplicationScoped
public class GenerationRole {
    static final String HEALTH_CHECK = "generation worker";

    private final ChannelRegistry channels;
    private final Roles roles;
    private final HealthRegistry readiness;

    GenerationRole(ChannelRegistry channels, Roles roles, @Readiness HealthRegistry readiness) {
        this.channels = channels;
        this.roles = roles;
        this.readiness = readiness;
    }

    void onStart(@Observes StartupEvent event) {
        if (roles.isWorker()) {
            readiness.register(HEALTH_CHECK, this::health);
            resume();
        }
    }

    /** Starts taking batches (a worker starting, or coming back). */
    public void resume() {
        PausableChannel channel = channels.getPausable(Channels.GENERATION_WORK);
        if (channel != null && channel.isPaused()) {
            Log.info("Generation worker: taking batches");
            channel.resume();
        }
    }

    public boolean isWorker() {
        return roles.isWorker();
    }

    private HealthCheckResponse health() {
        PausableChannel channel = channels.getPausable(Channels.GENERATION_WORK);
        boolean taking = channel == null || !channel.isPaused(); // no broker: in-process delivery, never paused
        return HealthCheckResponse.named(HEALTH_CHECK).status(taking)
                .withData("channel", Channels.GENERATION_WORK)
                .withData("batches", taking ? "taking" : "paused").build();
    }
}
