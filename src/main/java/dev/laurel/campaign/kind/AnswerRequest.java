package dev.laurel.campaign.kind;

import dev.laurel.campaign.kind.categorical.CategoricalKind;
import dev.laurel.campaign.kind.correction.CorrectionKind;
import dev.laurel.campaign.kind.pairwise.PairwiseKind;
import dev.laurel.campaign.kind.ranking.RankingKind;
import dev.laurel.campaign.kind.rubric.RubricKind;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An answer to any kind of task as a labeler, the player's form or an import sends it; send the fields of the
 * task's kind only. One record rather than a type per kind, so a client posts to one endpoint and the server
 * says which fields a task takes. Its kind's {@link KindSpec#answer} checks it into a {@link KindAnswer}.
 */
@Schema(name = "Answer", description = "The answer; its fields depend on the task's kind (see the examples).",
        oneOf = {PairwiseKind.Format.class, RankingKind.Format.class, RubricKind.Format.class,
                CategoricalKind.Format.class, CorrectionKind.Format.class})
public record AnswerRequest(Choice choice, String reason, Map<String, List<String>> flags, List<Integer> ranking,
                            Map<String, Integer> ratings, List<String> labels, String text) {
    /** A pairwise answer without flags. */
    public AnswerRequest(Choice choice, String reason) {
        this(choice, reason, null, null, null, null, null);
    }

    /** The answer fields sent (besides 'reason'), by name, in the order error messages list them. */
    public List<String> fields() {
        List<String> sent = new java.util.ArrayList<>();
        addIf(sent, choice, "choice");
        addIf(sent, flags, "flags");
        addIf(sent, ranking, "ranking");
        addIf(sent, ratings, "ratings");
        addIf(sent, labels, "labels");
        addIf(sent, text, "text");
        return sent;
    }

    private static void addIf(List<String> sent, Object value, String field) {
        if (value != null) {
            sent.add(field);
        }
    }
}
