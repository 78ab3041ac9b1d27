package dev.laurel.platform;

import java.time.Instant;

/**
 * Fact: a labeler's answer was accepted. Published on {@link Channels#SUBMISSIONS_OUT}; read by
 * campaign progress now, and by quality and game scoring as they arrive.
 */
public record SubmissionAccepted(String eventId, long submissionId, long taskId, long campaignId,
                                 long labelerId, String choice, boolean taskCompleted, Instant acceptedAt)
        implements Outbox.Event {
}
