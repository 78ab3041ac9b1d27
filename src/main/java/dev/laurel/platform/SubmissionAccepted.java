package dev.laurel.platform;

import java.time.Instant;

/**
 * Fact: a labeler's answer was accepted. Published on {@link Channels#SUBMISSIONS_OUT}; read by
 * campaign progress and game scoring, and by quality as it arrives.
 */
public record SubmissionAccepted(String eventId, long submissionId, long taskId, long campaignId,
                                 long labelerId, String choice, long durationMs, boolean taskCompleted,
                                 Instant acceptedAt)
        implements Outbox.Event {
}
