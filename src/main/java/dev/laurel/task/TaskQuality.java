package dev.laurel.task;

import java.util.List;

/**
 * What the task queue asks quality, inside the queue's own transactions. Defined here and implemented
 * by the quality feature (as {@link PairUncertainty} is by arena), so that {@code task} does not depend
 * on {@code quality}.
 */
public interface TaskQuality {

    /**
     * @param servesGold whether this lease should be a gold task (if the labeler has one left)
     * @param goldOnly   the labeler is still qualifying: nothing but gold tasks
     */
    record Admission(boolean servesGold, boolean goldOnly) {
    }

    /** What a labeler sees of a gold task: the same three texts as any task. */
    record GoldView(String prompt, String left, String right) {
    }

    /** Admits the labeler to the campaign, or refuses with a 403 that says why. */
    Admission admit(long labelerId, long campaignId, int campaignOverlap);

    /** Whether the answer (its summary) matches a gold task's known answer; null for an ordinary task. */
    Boolean goldOutcome(long taskId, String answer);

    /** The texts a gold task shows. */
    GoldView goldView(long taskId);

    /** The task's overlap after an answer, given all its answers so far (this one last). */
    int overlapAfterAnswer(long campaignId, int current, int accepted, int leased, List<Task.Vote> votes);

    /** Stores why a task was skipped (optional reason) and counts the skip. */
    void recordSkip(long labelerId, long campaignId, long taskId, String reason);
}
