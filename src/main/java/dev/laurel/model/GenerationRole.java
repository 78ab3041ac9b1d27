package dev.laurel.model;

import dev.laurel.platform.Channels;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Only pods with the {@code worker} role take generation batches. With a broker the work channel
 * starts paused and unsubscribed (nothing is held by a web pod); a worker resumes it at startup.
 */
@ApplicationScoped
public class GenerationRole {
    private final ChannelRegistry channels;
    private final boolean isWorker;

    GenerationRole(ChannelRegistry channels, Roles roles) {
        this.channels = channels;
        this.isWorker = roles.isWorker();
    }

    void onStart(@Observes StartupEvent event) {
        if (isWorker) {
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
        return isWorker;
    }
}
