package dev.laurel.quality;

import java.time.Instant;

/**
 * Fact: quality dropped an answer it had assessed (its labeler was found spamming, always picking one
 * side, failing gold, …); game reverses its points.
 */
public record SubmissionDropped(String eventId, long submissionId, long labelerId, long campaignId, String reason,
                                Instant droppedAt) implements QualityEvent {
}
