package dev.laurel.rewardmodel;

import dev.laurel.platform.Channels;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Scoring with a reward model loads DJL, so only processes with the {@code worker} role consume the scoring
 * streams: pre-scoring new replies ({@link GenerationPreScoring}) and loading a new version ahead of use
 * ({@link RewardModelEvents}). With a broker their channels start paused and unsubscribed (a web pod never takes
 * a message off those queues; they wait for a worker), and a worker resumes them at startup. Without a broker
 * (in-process delivery) a process that is not a worker acknowledges the events and does nothing: no other process
 * would hear them, and a web-only process must not load model code.
 */
@ApplicationScoped
public class ScoringRole {
    static final List<String> CHANNELS = List.of(Channels.GENERATION_REWARDS, Channels.REWARD_MODELS_SCORING);

    private final ChannelRegistry channels;
    private final Roles roles;

    ScoringRole(ChannelRegistry channels, Roles roles) {
        this.channels = channels;
        this.roles = roles;
    }

    void onStart(@Observes StartupEvent event) {
        if (roles.isWorker()) {
            resume();
        }
    }

    /** Whether this process may score (load reward models). */
    public boolean mayScore() {
        return roles.isWorker();
    }

    /** Starts taking the scoring streams (a worker starting; a test playing one). */
    void resume() {
        for (String name : CHANNELS) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null && channel.isPaused()) {
                Log.infof("Reward-model scoring: taking %s", name);
                channel.resume();
            }
        }
    }

    /** Stops taking them (a test that played a worker). */
    void pause() {
        for (String name : CHANNELS) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null && !channel.isPaused()) {
                channel.pause();
            }
        }
    }

    /** Whether a channel is paused here; false when it is not pausable (in-process delivery). */
    boolean isPaused(String name) {
        PausableChannel channel = channels.getPausable(name);
        return channel != null && channel.isPaused();
    }
}
