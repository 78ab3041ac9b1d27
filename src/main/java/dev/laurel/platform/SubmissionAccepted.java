package dev.laurel.platform;

import java.time.Instant;

/**
 * Fact: a labeler's answer was accepted. Published on {@link Channels#SUBMISSIONS_OUT}; read by
 * campaign progress and game scoring, and by quality as it arrives.
 *
 * @param kind        the task kind ({@code PAIRWISE}, …) so consumers can score kinds differently
 * @param goldCorrect for a gold task or honeypot, whether the answer matched the known one; null otherwise
 */
public record SubmissionAccepted(String eventId, long submissionId, long taskId, long campaignId,
                                 long labelerId, String choice, long durationMs, boolean taskCompleted,
                                 Instant acceptedAt, String kind, Boolean goldCorrect)
        implements Outbox.Event {

    /** A pairwise answer on an ordinary (not gold) task. */
    public SubmissionAccepted(String eventId, long submissionId, long taskId, long campaignId, long labelerId,
                              String choice, long durationMs, boolean taskCompleted, Instant acceptedAt) {
        this(eventId, submissionId, taskId, campaignId, labelerId, choice, durationMs, taskCompleted, acceptedAt,
                "PAIRWISE", null);
    }

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
