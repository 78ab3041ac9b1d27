package dev.laurel.rewardmodel;

import dev.laurel.platform.Outbox;
import java.time.Instant;

/**
 * Fact: a training job produced a new reward-model version (not yet active). Published on
 * {@code rewardmodels-out}; scoring nodes load it ahead of its first use.
 */
public record RewardModelReady(String eventId, long modelId, long teamId, int version, long jobId, String artifact,
                               Double validationAccuracy, Instant readyAt) implements Outbox.Event {
}
