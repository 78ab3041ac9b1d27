package dev.laurel.task;

import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.KindAnswer;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.platform.Problem;
import java.util.List;
import java.util.Locale;

/**
 * The checks every answer passes whatever its kind (present, no fields of another kind, a short reason),
 * then its kind's own ({@link KindSpec#answer}): what a labeler sent becomes a {@link Valid} answer or a
 * {@link Problem} that says what to fix. Pure: no database, no CDI.
 */
public final class AnswerSchemas {
    static final int MAX_REASON = 2000;

    private AnswerSchemas() {
    }

    /** An answer that passed its kind's checks, with the labeler's reason. */
    public record Valid(KindAnswer answer, String reason) {
        /** Pairwise: the choice as the labeler saw it; null for other kinds. */
        public Choice choice() {
            return answer.choice();
        }

        /** Pairwise: the reply chosen; null otherwise. */
        public Long preferredGenerationId() {
            return answer.preferredGenerationId();
        }

        /** The stored JSON. */
        public String json() {
            return answer.json();
        }

        /** The summary quality and the accepted-answer event read (see {@link KindAnswer#summary}). */
        public String summary() {
            return answer.summary();
        }
    }

    public static Valid validate(ShownTask task, AnswerRequest answer) {
        KindSpec kind = task.kind().spec();
        if (answer == null) {
            throw Problem.badRequest("Send the answer as JSON; " + kind.expected() + ".");
        }
        rejectForeignFields(kind, answer);
        String reason = answer.reason() == null || answer.reason().isBlank() ? null : answer.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            throw Problem.badRequest("'reason' is longer than " + MAX_REASON + " characters.");
        }
        return new Valid(kind.answer(task, answer), reason);
    }

    /** A field of another kind means the client misunderstood the task: say which fields this one takes. */
    private static void rejectForeignFields(KindSpec kind, AnswerRequest answer) {
        List<String> foreign = answer.fields().stream().filter(field -> !kind.answerFields().contains(field))
                .map(field -> "'" + field + "'").toList();
        if (!foreign.isEmpty()) {
            throw Problem.badRequest("This is a " + kind.kind().name().toLowerCase(Locale.ROOT) + " task: "
                    + kind.expected() + "; " + String.join(", ", foreign) + (foreign.size() == 1 ? " does" : " do")
                    + " not apply.");
        }
    }
}
