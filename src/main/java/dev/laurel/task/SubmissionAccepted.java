package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Outbox;
import java.time.Instant;

/**
 * Fact: a labeler's answer was accepted. Written by {@link TaskQueue#answer} with the answer; heard by
 * campaign progress ({@link SubmissionEvents}) and by quality, which assesses it and tells game
 * (game never hears this event itself: see {@code quality.AnswerAssessed}).
 *
 * @param choice      the answer's summary: the pairwise choice, or the labels joined by commas
 * @param goldCorrect for a gold task or honeypot, whether the answer matched the known one; null otherwise
 */
public record SubmissionAccepted(String eventId, long submissionId, long taskId, long campaignId,
                                 long labelerId, String choice, long durationMs, boolean taskCompleted,
                                 Instant acceptedAt, TaskKind kind, Boolean goldCorrect)
        implements Outbox.Event {

    /** A pairwise answer on an ordinary (not gold) task. */
    public SubmissionAccepted(String eventId, long submissionId, long taskId, long campaignId, long labelerId,
                              String choice, long durationMs, boolean taskCompleted, Instant acceptedAt) {
        this(eventId, submissionId, taskId, campaignId, labelerId, choice, durationMs, taskCompleted, acceptedAt,
                TaskKind.PAIRWISE, null);
    }

    public SubmissionAccepted {
        kind = kind == null ? TaskKind.PAIRWISE : kind; // events written before kinds existed
    }
}
