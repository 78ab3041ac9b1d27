package dev.laurel.task;

import dev.laurel.campaign.kind.Choice;
import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * An accepted answer. Pairwise: {@code choice} is as the labeler saw it; the preferred generation
 * makes it side-free. Every kind: {@code answer} is the validated answer as JSON (see
 * {@link AnswerSchemas}), naming generations by id so that it does not depend on display order.
 * An answer is a labeler's, or imported ({@link ImportedAnswers}): readers name either by one
 * "answerer" id, the labeler's id or the negated {@link ImportedAnnotator} id ({@link #ANSWERER}).
 */
@Entity
public class Submission extends PanacheEntity {
    /** JPQL for who gave submission {@code s}: the labeler, or minus the imported annotator's id (never an account). */
    static final String ANSWERER = "coalesce(s.labelerId, -s.annotatorId)";

    public long taskId;
    /** Null for an imported answer, which has no labeler account (see {@link #annotatorId}). */
    public Long labelerId;
    /** An imported answer's original annotator ({@link ImportedAnnotator}); null for a labeler's answer. */
    public Long annotatorId;
    /** Where an imported answer comes from ({@code arena}, {@code labelstudio}, ...); null for a labeler's answer. */
    public String source;
    /** When an imported answer was imported ({@link #createdAt} is its original time); null for a labeler's answer. */
    public Instant importedAt;
    @Enumerated(EnumType.STRING)
    public Choice choice;
    public Long preferredGenerationId;
    public String reason;
    public String answer;
    public long durationMs;
    public Instant createdAt;

    /** A new, unsaved submission of a checked answer: the one place an answer's columns come from it. */
    static Submission of(long taskId, AnswerSchemas.Valid valid, long durationMs, Instant createdAt) {
        Submission submission = new Submission();
        submission.taskId = taskId;
        submission.choice = valid.choice();
        submission.preferredGenerationId = valid.preferredGenerationId();
        submission.reason = valid.reason();
        submission.answer = valid.json();
        submission.durationMs = durationMs;
        submission.createdAt = createdAt;
        return submission;
    }
}
