package dev.laurel.quality;

import dev.laurel.campaign.TaskKind;
import dev.laurel.quality.Reliability.LabelerReliability;
import java.time.Instant;

/**
 * Fact: quality has applied an accepted answer (its gold outcome counted, the labeler's reliability
 * updated) and says what it is worth. Game scores answers from this event, never from the raw
 * acceptance, so an answer's points always reflect its own gold result and the multiplier that
 * followed from it.
 *
 * @param goldCorrect          for a gold task or honeypot, whether the answer was right; null otherwise
 * @param multiplierMillionths the labeler's quality multiplier after this answer (10⁶ = 1.0)
 * @param dropped              the labeler's answers in this campaign are dropped from consensus: it earns nothing
 * @param unpaid               why the answer earns nothing by the platform's rules (game writes a 0-point row
 *                             saying so); null when it is paid as usual
 */
public record AnswerAssessed(String eventId, long submissionId, long taskId, long campaignId, long labelerId,
                             String choice, long durationMs, Instant acceptedAt, TaskKind kind, Boolean goldCorrect,
                             long multiplierMillionths, boolean dropped, String unpaid) implements QualityEvent {

    public AnswerAssessed {
        kind = kind == null ? TaskKind.PAIRWISE : kind;
    }

    /** An ordinary pairwise answer of a labeler without evidence (multiplier 1). */
    public AnswerAssessed(String eventId, long submissionId, long taskId, long campaignId, long labelerId,
                          String choice, long durationMs, Instant acceptedAt) {
        this(eventId, submissionId, taskId, campaignId, labelerId, choice, durationMs, acceptedAt, TaskKind.PAIRWISE,
                null, LabelerReliability.ONE, false, null);
    }

    /** An answer of the given kind and gold outcome, multiplier 1. */
    public AnswerAssessed(String eventId, long submissionId, long taskId, long campaignId, long labelerId,
                          String choice, long durationMs, Instant acceptedAt, TaskKind kind, Boolean goldCorrect) {
        this(eventId, submissionId, taskId, campaignId, labelerId, choice, durationMs, acceptedAt, kind, goldCorrect,
                LabelerReliability.ONE, false, null);
    }
}
