package dev.laurel.task;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.model.Candidates;
import dev.laurel.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores answers made elsewhere as ordinary submissions, each on a task of the campaign's kind that
 * shows the replies the answer was about: the same rows, validated by the same {@link AnswerSchemas},
 * as a labeler's answer, so every reader (consensus, leaderboards, datasets) takes them as they are.
 * Unlike a labeler's answer, no {@link SubmissionAccepted} is written: quality is told by the caller,
 * and game never hears of it, so an imported answer earns no points. Its tasks are complete at once
 * (overlap = answers), so the queue never hands them out.
 */
@ApplicationScoped
public class ImportedAnswers {
    private final Candidates candidates;

    ImportedAnswers(Candidates candidates) {
        this.candidates = candidates;
    }

    /**
     * One answer to import.
     *
     * @param shown     the replies (generation ids) in display order: left then right for pairwise
     * @param annotator the original annotator's pseudonym; null when the record names none
     * @param answeredAt the original time; null when the record has none (the import time is used)
     */
    public record Answer(long promptId, List<Long> shown, AnswerRequest answer, String annotator, Instant answeredAt,
                         long durationMs) {
    }

    /**
     * A stored answer as quality needs it.
     *
     * @param answerer the negated {@link ImportedAnnotator} id: never an account's id
     * @param summary  the answer's summary, as {@link AnswerSchemas} writes it for a labeler's answer
     */
    public record Stored(long submissionId, long taskId, long answerer, String summary, Instant answeredAt) {
    }

    /**
     * Answers of one import, stored in the caller's transaction: tasks are shared by answers about the same
     * replies, one answer per annotator each.
     */
    public Batch batch(Campaign campaign, String source) {
        return new Batch(campaign, source);
    }

    public final class Batch {
        private final Campaign campaign;
        private final String source;
        private final Instant now = Instant.now();
        private final Map<String, List<Task>> tasks = new HashMap<>();
        private final Map<Long, List<Long>> answerersOfTask = new HashMap<>();
        private final Map<String, ImportedAnnotator> annotators = new HashMap<>();

        private Batch(Campaign campaign, String source) {
            this.campaign = campaign;
            this.source = source;
        }

        /** Validates and stores one answer; a {@link Problem} says why the answer does not fit the campaign. */
        public Stored add(Answer imported) {
            ImportedAnnotator annotator = annotator(imported.annotator());
            Task task = taskFor(imported, annotator.id);
            List<Long> replies = task.shownReplies();
            ShownTask shown = new ShownTask(task.kind, campaign.kindSettings(), replies,
                    () -> candidates.generation(replies.get(0)).text);
            AnswerSchemas.Valid valid = AnswerSchemas.validate(shown,
                    task.kind.spec().asShownIn(imported.answer(), imported.shown(), replies));
            if (task.id == null) {
                task.persist();
            }
            task.overlap++;
            task.acceptedCount++;
            Submission submission = Submission.of(task.id, valid, Math.max(0, imported.durationMs()),
                    imported.answeredAt() == null ? now : imported.answeredAt());
            submission.annotatorId = annotator.id;
            submission.source = source;
            submission.importedAt = now;
            submission.persist();
            answerersOfTask.computeIfAbsent(task.id, t -> new ArrayList<>()).add(annotator.id);
            return new Stored(submission.id, task.id, -annotator.id, valid.summary(), submission.createdAt);
        }

        private ImportedAnnotator annotator(String pseudonym) {
            if (pseudonym != null) {
                ImportedAnnotator known = annotators.get(pseudonym);
                if (known == null) {
                    known = ImportedAnnotator.<ImportedAnnotator>find("campaignId = ?1 and source = ?2 and pseudonym = ?3",
                            campaign.id, source, pseudonym).firstResult();
                }
                if (known != null) {
                    annotators.put(pseudonym, known);
                    return known;
                }
            }
            ImportedAnnotator annotator = new ImportedAnnotator();
            annotator.campaignId = campaign.id;
            annotator.source = source;
            annotator.pseudonym = pseudonym;
            annotator.persist();
            if (pseudonym != null) {
                annotators.put(pseudonym, annotator);
            }
            return annotator;
        }

        /**
         * Tasks of earlier imports into the campaign showing these replies (a file split in several imports
         * shares its tasks), with the annotators who answered them; never a task of the queue.
         */
        private List<Task> earlierImported(long promptId, List<Long> shown) {
            List<Task> earlier = new ArrayList<>();
            KindSpec kind = campaign.kind.spec();
            for (Task task : Task.<Task>list("from Task t where t.campaignId = ?1 and t.promptId = ?2 and exists "
                    + "(select 1 from Submission s where s.taskId = t.id and s.annotatorId is not null)", campaign.id, promptId)) {
                if (kind.sameTaskKey(task.shownReplies()).equals(kind.sameTaskKey(shown))) {
                    earlier.add(task);
                    answerersOfTask.put(task.id, new ArrayList<>(Submission.<Submission>list("taskId", task.id).stream()
                            .map(submission -> submission.annotatorId).toList()));
                }
            }
            return earlier;
        }

        /**
         * The task of the campaign's imports showing these replies that the annotator has not answered yet, or a new one
         * (not yet stored: it is stored once its first answer is valid). Pairwise tasks are the same whichever
         * reply was on the left.
         */
        private Task taskFor(Answer imported, long annotatorId) {
            List<Long> shown = imported.shown();
            String key = imported.promptId() + ":" + campaign.kind.spec().sameTaskKey(shown);
            List<Task> same = tasks.computeIfAbsent(key, k -> earlierImported(imported.promptId(), shown));
            for (Task task : same) {
                if (task.id != null && !answerersOfTask.getOrDefault(task.id, List.of()).contains(annotatorId)) {
                    return task;
                }
            }
            same.removeIf(task -> task.id == null); // a task whose first answer was refused
            Task task = new Task();
            task.campaignId = campaign.id;
            task.promptId = imported.promptId();
            task.kind = campaign.kind;
            task.showReplies(shown);
            task.createdAt = now;
            same.add(task);
            return task;
        }
    }
}
