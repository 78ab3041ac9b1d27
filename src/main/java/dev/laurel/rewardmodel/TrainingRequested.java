package dev.laurel.rewardmodel;

import dev.laurel.platform.Outbox;
import java.time.Instant;

/**
 * Fact: a model team queued a training job. Published on {@code training-out}; a worker wakes up and
 * claims the oldest queued job. The job table stays the queue (durable across restarts): the event
 * only saves the worker its next poll.
 */
public record TrainingRequested(String eventId, long jobId, long teamId, Instant requestedAt) implements Outbox.Event {
}
