package dev.laurel.task;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer format of each task kind, for the OpenAPI document only: requests are read into
 * {@link TaskQueue.Answer} and checked by {@link AnswerSchemas}, which states the rules enforced.
 */
final class AnswerFormats {
    private AnswerFormats() {
    }

    @Schema(name = "PairwiseAnswer", description = "PAIRWISE: which reply is better (A is the left one)."
            + " Optional flags per reply from the campaign's flag set, and a rationale.",
            example = "{\"choice\": \"A\", \"flags\": {\"B\": [\"incorrect\"]}, \"reason\": \"B gets the date wrong.\"}")
    record Pairwise(
            @Schema(required = true, enumeration = {"A", "B", "TIE", "BOTH_BAD"}) String choice,
            @Schema(description = "Reply 'A' or 'B' → flags from the campaign's settings.flags") Map<String, List<String>> flags,
            @Schema(description = "Why (optional, up to 2000 characters)") String reason) {
    }

    @Schema(name = "RankingAnswer", description = "RANKING: the reply numbers (1..k, as shown) from best to worst;"
            + " each exactly once, or only the best topK when the campaign sets topK.",
            example = "{\"ranking\": [3, 1, 4, 2]}")
    record Ranking(@Schema(required = true) List<Integer> ranking, String reason) {
    }

    @Schema(name = "RubricAnswer", description = "RUBRIC: a rating from 1 to the campaign's scale (5 or 7)"
            + " for every dimension, by dimension name.",
            example = "{\"ratings\": {\"helpfulness\": 4, \"honesty\": 5}}")
    record Rubric(@Schema(required = true) Map<String, Integer> ratings, String reason) {
    }

    @Schema(name = "CategoricalAnswer", description = "CATEGORICAL: one label from the campaign's labels,"
            + " or one or more when it allows several (multi).",
            example = "{\"labels\": [\"entailment\"]}")
    record Categorical(@Schema(required = true) List<String> labels, String reason) {
    }

    @Schema(name = "CorrectionAnswer", description = "CORRECTION: the reply as it should read; the server stores"
            + " it with a word diff against the original.",
            example = "{\"text\": \"Paris is the capital of France.\"}")
    record Correction(@Schema(required = true) String text, String reason) {
    }
}
