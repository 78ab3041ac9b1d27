package dev.laurel.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ranking.RankingKind;
import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a campaign's kind needs to know besides the kind itself. Each field belongs to one kind; a
 * field given for another kind is an error, so a typo never silently changes nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Kind-specific settings; give only the fields of the campaign's kind.", examples = {
        "{\"flags\": [\"harmful\", \"incorrect\", \"off-topic\"], \"pairsPerPrompt\": 3}",
        "{\"k\": 4, \"topK\": 2}", "{}",
        "{\"dimensions\": [{\"name\": \"helpfulness\", \"description\": \"Does it solve the task?\"},"
                + " {\"name\": \"honesty\", \"description\": \"No made-up facts\"}], \"scale\": 5}",
        "{\"labels\": [\"entailment\", \"neutral\", \"contradiction\"], \"multi\": false, \"target\": \"PROMPT\"}"})
public record KindSettings(
        @Schema(description = "PAIRWISE: flags a labeler may raise on either reply (default harmful, incorrect, off-topic; [] for none)")
        List<String> flags,
        @Schema(description = "RANKING: the most replies one task shows, 2 to " + RankingKind.MAX_GROUP + "; omit to rank"
                + " all replies of a prompt together (up to " + RankingKind.MAX_GROUP + "). A prompt with fewer replies is"
                + " ranked in one group of its own size; one with more is split into groups of k")
        Integer k,
        @Schema(description = "RANKING: rank only the best topK (1 to k-1); omit to rank every reply a task shows")
        Integer topK,
        @Schema(description = "RUBRIC: 1 to 12 dimensions, each rated separately")
        List<Dimension> dimensions,
        @Schema(description = "RUBRIC: Likert scale, 5 (default) or 7")
        Integer scale,
        @Schema(description = "CATEGORICAL: 2 to 9 labels (one key each)")
        List<String> labels,
        @Schema(description = "CATEGORICAL: whether several labels may be picked (default false)")
        Boolean multi,
        @Schema(description = "CATEGORICAL: label the prompt item alone (PROMPT, default) or each reply (REPLY)")
        Target target,
        @Schema(description = "PAIRWISE: candidate pairs compared per prompt (default every pair). Chosen at random,"
                + " weighted toward the pairs the model leaderboard and the active reward model are least sure of")
        Integer pairsPerPrompt) {

    /** A rubric dimension: a short name labelers rate, and what it means. */
    public record Dimension(String name, String description) {
    }

    /** What a categorical task labels. */
    public enum Target {
        PROMPT, REPLY
    }

    public static final KindSettings NONE = new KindSettings(null, null, null, null, null, null, null, null, null);

    /**
     * The settings as they will be stored for a campaign of this kind: defaults filled in, names
     * trimmed (see the kind's {@link KindSpec#validated}). Every problem is reported in one error, so a
     * model team fixes its request once.
     */
    public static KindSettings validated(TaskKind kind, KindSettings given) {
        KindSettings s = given == null ? NONE : given;
        List<String> errors = new ArrayList<>();
        for (TaskKind owner : TaskKind.values()) { // a field of another kind is an error, not silently nothing
            for (String field : owner == kind ? List.<String>of() : owner.spec().settingFields()) {
                if (s.given().get(field) != null) {
                    errors.add("'" + field + "' applies to " + owner.name().toLowerCase(Locale.ROOT)
                            + " campaigns only, not to a " + kind.name().toLowerCase(Locale.ROOT) + " campaign.");
                }
            }
        }
        KindSettings result = kind.spec().validated(s, errors);
        if (!errors.isEmpty()) {
            throw new Problem(400, "Bad request", String.join(" ", errors), errors);
        }
        return result;
    }

    /** The fields by their JSON names (the record's components), for the check that each belongs to the campaign's kind. */
    private Map<String, Object> given() {
        Map<String, Object> given = new HashMap<>();
        for (java.lang.reflect.RecordComponent component : KindSettings.class.getRecordComponents()) {
            try {
                given.put(component.getName(), component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("a settings field cannot be read", e);
            }
        }
        return given;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The stored form (JSON); read back with {@link #fromJson}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("settings cannot be written as JSON", e);
        }
    }

    /** Settings stored by {@link #toJson}; campaigns made before kinds had settings read as defaults. */
    public static KindSettings fromJson(TaskKind kind, String json) {
        if (json == null || json.isBlank()) {
            return kind.spec().defaults();
        }
        try {
            return JSON.readValue(json, KindSettings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored campaign settings are not readable: " + e.getOriginalMessage(), e);
        }
    }

    /** The settings in a sentence for the campaign page; empty when the kind has none. */
    public String summary(TaskKind kind) {
        return kind.spec().describe(this);
    }

    /** Whether several labels may be picked (categorical). */
    public boolean picksSeveral() {
        return Boolean.TRUE.equals(multi);
    }

    /** Ranking: the most replies one task shows ({@code k}, or {@link RankingKind#MAX_GROUP} when the campaign ranks them all). */
    public int maxGroup() {
        return k == null ? RankingKind.MAX_GROUP : k;
    }
}
