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

    /** Reads an event off a channel; a message that can never be read is logged and dropped, not retried forever. */
    public static java.util.Optional<SubmissionAccepted> read(com.fasterxml.jackson.databind.ObjectMapper json, String payload) {
        try {
            return java.util.Optional.of(json.readValue(payload, SubmissionAccepted.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            io.quarkus.logging.Log.errorf("Dropping unreadable submission event: %s", e.getOriginalMessage());
            return java.util.Optional.empty();
        }
    }
}
