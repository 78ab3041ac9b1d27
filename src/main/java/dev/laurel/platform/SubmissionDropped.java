package dev.laurel.platform;

import java.time.Instant;

/**
 * Fact: quality dropped an accepted answer (its labeler was found to be spamming, always picking one
 * side, failing gold, …). Published on {@link Channels#DROPS_OUT}; game scoring reverses its points.
 */
public record SubmissionDropped(String eventId, long submissionId, long labelerId, long campaignId, String reason,
                                Instant droppedAt)
        implements Outbox.Event {

    public static java.util.Optional<SubmissionDropped> read(com.fasterxml.jackson.databind.ObjectMapper json, String payload) {
        try {
            return java.util.Optional.of(json.readValue(payload, SubmissionDropped.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            io.quarkus.logging.Log.errorf("Dropping unreadable drop event: %s", e.getOriginalMessage());
            return java.util.Optional.empty();
        }
    }
}
