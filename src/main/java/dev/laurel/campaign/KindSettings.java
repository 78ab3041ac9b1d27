package dev.laurel.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
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
        @Schema(description = "RANKING: the most replies one task shows, 2 to " + KindSettings.MAX_GROUP + "; omit to rank"
                + " all replies of a prompt together (up to " + KindSettings.MAX_GROUP + "). A prompt with fewer replies is"
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

    public static final List<String> DEFAULT_FLAGS = List.of("harmful", "incorrect", "off-topic");
    static final int MAX_FLAGS = 10;
    static final int MAX_DIMENSIONS = 12;
    static final int MAX_LABELS = 9;
    static final int MAX_PAIRS_PER_PROMPT = 100;
    /** The most replies one ranking task shows: every reply of a prompt up to this many (issue 15 asks for 16 at least). */
    public static final int MAX_GROUP = 32;
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _'-]{0,39}");
    private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl},]{1,60}");

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
     * trimmed. Every problem is reported in one error, so a model team fixes its request once.
     */
    public static KindSettings validated(TaskKind kind, KindSettings given) {
        KindSettings s = given == null ? NONE : given;
        List<String> errors = new ArrayList<>();
        String kindName = kind.name().toLowerCase(Locale.ROOT);
        rejectForeign(kind, TaskKind.PAIRWISE, s.flags, "flags", kindName, errors);
        rejectForeign(kind, TaskKind.PAIRWISE, s.pairsPerPrompt, "pairsPerPrompt", kindName, errors);
        rejectForeign(kind, TaskKind.RANKING, s.k, "k", kindName, errors);
        rejectForeign(kind, TaskKind.RANKING, s.topK, "topK", kindName, errors);
        rejectForeign(kind, TaskKind.RUBRIC, s.dimensions, "dimensions", kindName, errors);
        rejectForeign(kind, TaskKind.RUBRIC, s.scale, "scale", kindName, errors);
        rejectForeign(kind, TaskKind.CATEGORICAL, s.labels, "labels", kindName, errors);
        rejectForeign(kind, TaskKind.CATEGORICAL, s.multi, "multi", kindName, errors);
        rejectForeign(kind, TaskKind.CATEGORICAL, s.target, "target", kindName, errors);
        KindSettings result = switch (kind) {
            case PAIRWISE -> new KindSettings(flags(s.flags, errors), null, null, null, null, null, null, null,
                    pairsPerPrompt(s.pairsPerPrompt, errors));
            case RANKING -> ranking(s, errors);
            case RUBRIC -> rubric(s, errors);
            case CATEGORICAL -> new KindSettings(null, null, null, null, null, labels(s.labels, errors),
                    Boolean.TRUE.equals(s.multi), s.target == null ? Target.PROMPT : s.target, null);
            case CORRECTION -> NONE;
        };
        if (!errors.isEmpty()) {
            throw new Problem(400, "Bad request", String.join(" ", errors), errors);
        }
        return result;
    }

    private static void rejectForeign(TaskKind kind, TaskKind owner, Object value, String field, String kindName,
                                      List<String> errors) {
        if (value != null && kind != owner) {
            errors.add("'" + field + "' applies to " + owner.name().toLowerCase(Locale.ROOT)
                    + " campaigns only, not to a " + kindName + " campaign.");
        }
    }

    private static List<String> flags(List<String> given, List<String> errors) {
        if (given == null) {
            return DEFAULT_FLAGS;
        }
        return names(given, "flag", MAX_FLAGS, 0, NAME, errors);
    }

    private static Integer pairsPerPrompt(Integer given, List<String> errors) {
        if (given != null && (given < 1 || given > MAX_PAIRS_PER_PROMPT)) {
            errors.add("'pairsPerPrompt' must be from 1 to " + MAX_PAIRS_PER_PROMPT + "; leave it out to compare every pair.");
        }
        return given;
    }

    private static KindSettings ranking(KindSettings s, List<String> errors) {
        if (s.k != null && (s.k < 2 || s.k > MAX_GROUP)) {
            errors.add("'k', the most replies one ranking task shows, must be from 2 to " + MAX_GROUP
                    + "; leave it out to rank all replies of a prompt together.");
            return NONE;
        }
        if (s.topK != null && s.k != null && (s.topK < 1 || s.topK >= s.k)) {
            errors.add("'topK' must be between 1 and " + (s.k - 1) + " (k - 1); leave it out to rank all " + s.k + " replies.");
        } else if (s.topK != null && (s.topK < 1 || s.topK >= MAX_GROUP)) {
            errors.add("'topK' must be between 1 and " + (MAX_GROUP - 1) + "; leave it out to rank every reply a task shows.");
        }
        return new KindSettings(null, s.k, s.topK, null, null, null, null, null, null);
    }

    private static KindSettings rubric(KindSettings s, List<String> errors) {
        int scale = s.scale == null ? 5 : s.scale;
        if (scale != 5 && scale != 7) {
            errors.add("'scale' must be 5 or 7 (points on the Likert scale), not " + scale + ".");
        }
        List<Dimension> dimensions = new ArrayList<>();
        if (s.dimensions == null || s.dimensions.isEmpty() || s.dimensions.size() > MAX_DIMENSIONS) {
            errors.add("A rubric campaign needs 'dimensions': 1 to " + MAX_DIMENSIONS + " of {\"name\", \"description\"}.");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < s.dimensions.size(); i++) {
                Dimension d = s.dimensions.get(i);
                String name = d == null || d.name == null ? "" : d.name.strip();
                String description = d == null || d.description == null ? "" : d.description.strip();
                if (!NAME.matcher(name).matches()) {
                    errors.add("Dimension " + (i + 1) + " needs a name of 1 to 40 letters, digits, spaces, _ ' or -.");
                } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    errors.add("Dimension '" + name + "' is listed twice.");
                }
                if (description.length() > 500) {
                    errors.add("The description of dimension '" + name + "' is longer than 500 characters.");
                }
                dimensions.add(new Dimension(name, description));
            }
        }
        return new KindSettings(null, null, null, dimensions, scale, null, null, null, null);
    }

    private static List<String> labels(List<String> given, List<String> errors) {
        if (given == null || given.size() < 2) {
            errors.add("A categorical campaign needs 'labels': 2 to " + MAX_LABELS + " names to choose from.");
            return List.of();
        }
        return names(given, "label", MAX_LABELS, 2, LABEL, errors);
    }

    private static List<String> names(List<String> given, String what, int max, int min, Pattern pattern, List<String> errors) {
        if (given.size() > max || given.size() < min) {
            errors.add("Give " + min + " to " + max + " " + what + "s, not " + given.size() + ".");
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : given) {
            String name = raw == null ? "" : raw.strip();
            if (!pattern.matcher(name).matches()) {
                errors.add("'" + name + "' is not a valid " + what + ": use 1 to " + (pattern == LABEL ? 60 : 40)
                        + (pattern == LABEL ? " characters without commas." : " letters, digits, spaces, _ ' or -."));
            } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                errors.add("The " + what + " '" + name + "' is listed twice.");
            }
            names.add(name);
        }
        return names;
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
            return kind == TaskKind.PAIRWISE ? new KindSettings(DEFAULT_FLAGS, null, null, null, null, null, null, null, null) : NONE;
        }
        try {
            return JSON.readValue(json, KindSettings.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored campaign settings are not readable: " + e.getOriginalMessage(), e);
        }
    }

    /** The settings in a sentence for the campaign page; empty when the kind has none. */
    public String summary() {
        if (k != null || topK != null) {
            String group = k == null ? "all replies of a prompt" : "up to " + k + " replies";
            return "Rank " + (topK == null ? group : "the best " + topK + " of " + group) + " per task.";
        }
        if (dimensions != null) {
            return "Rate " + dimensions.stream().map(Dimension::name).collect(java.util.stream.Collectors.joining(", "))
                    + " on a " + scale + "-point scale.";
        }
        if (labels != null) {
            return (picksSeveral() ? "Any of " : "One of ") + String.join(", ", labels)
                    + (target == Target.REPLY ? " per reply." : " per prompt item.");
        }
        if (flags != null) {
            String pairs = pairsPerPrompt == null ? "" : "Up to " + pairsPerPrompt + " pairs per prompt. ";
            return pairs + (flags.isEmpty() ? "" : "Flags per reply: " + String.join(", ", flags) + ".");
        }
        return "";
    }

    /** Whether several labels may be picked (categorical). */
    public boolean picksSeveral() {
        return Boolean.TRUE.equals(multi);
    }

    /** Ranking: the most replies one task shows ({@code k}, or {@link #MAX_GROUP} when the campaign ranks them all). */
    public int maxGroup() {
        return k == null ? MAX_GROUP : k;
    }
}
