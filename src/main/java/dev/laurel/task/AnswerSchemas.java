package dev.laurel.task;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The answer format of each task kind, checked on the server: what a labeler sent becomes a
 * {@link Valid} answer (stored JSON and a short summary for the event) or a {@link Problem} that
 * says what to fix. Pure: no database, no CDI.
 */
public final class AnswerSchemas {
    static final int MAX_REASON = 2000;
    static final int MAX_TEXT = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private AnswerSchemas() {
    }

    /**
     * An answer that passed its kind's schema.
     *
     * @param choice                pairwise only: the choice as the labeler saw it
     * @param preferredGenerationId pairwise only: the reply chosen, null for TIE and BOTH_BAD
     * @param json                  what is stored on the submission
     * @param summary               compact and readable: "A", "r3>r1>r2", "helpfulness=4,honesty=5", "yes"
     */
    public record Valid(Choice choice, Long preferredGenerationId, String reason, String json, String summary) {
    }

    /** What the task showed, as the schemas need it. */
    public record Shown(TaskKind kind, KindSettings settings, Long left, Long right, List<Long> replies,
                        Supplier<String> replyText) {
    }

    public static Valid validate(Shown task, TaskQueue.Answer answer) {
        if (answer == null) {
            throw Problem.badRequest("Send the answer as JSON; " + expected(task) + ".");
        }
        rejectForeignFields(task, answer);
        String reason = answer.reason() == null || answer.reason().isBlank() ? null : answer.reason().strip();
        if (reason != null && reason.length() > MAX_REASON) {
            throw Problem.badRequest("'reason' is longer than " + MAX_REASON + " characters.");
        }
        return switch (task.kind()) {
            case PAIRWISE -> pairwise(task, answer, reason);
            case RANKING -> ranking(task, answer, reason);
            case RUBRIC -> rubric(task, answer, reason);
            case CATEGORICAL -> categorical(task, answer, reason);
            case CORRECTION -> correction(task, answer, reason);
        };
    }

    private static Valid pairwise(Shown task, TaskQueue.Answer answer, String reason) {
        if (answer.choice() == null) {
            throw Problem.badRequest("'choice' is required: one of A, B, TIE, BOTH_BAD.");
        }
        Map<String, List<String>> flags = new LinkedHashMap<>();
        List<String> allowed = task.settings().flags() == null ? List.of() : task.settings().flags();
        if (answer.flags() != null) {
            for (Map.Entry<String, List<String>> entry : answer.flags().entrySet()) {
                String side = entry.getKey() == null ? "" : entry.getKey().strip().toUpperCase(Locale.ROOT);
                if (!side.equals("A") && !side.equals("B")) {
                    throw Problem.badRequest("Flags are given per reply: use the keys 'A' and 'B', not '" + entry.getKey() + "'.");
                }
                Set<String> picked = new LinkedHashSet<>();
                for (String flag : entry.getValue() == null ? List.<String>of() : entry.getValue()) {
                    picked.add(known(flag, allowed, "Flag", allowed.isEmpty() ? "this campaign has no flags" : null));
                }
                if (!picked.isEmpty()) {
                    flags.merge(side, new ArrayList<>(picked), (x, y) -> {
                        Set<String> both = new LinkedHashSet<>(x);
                        both.addAll(y);
                        return new ArrayList<>(both);
                    });
                }
            }
        }
        Long preferred = switch (answer.choice()) {
            case A -> task.left();
            case B -> task.right();
            case TIE, BOTH_BAD -> null;
        };
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("choice", answer.choice().name());
        if (preferred != null) {
            stored.put("preferredGenerationId", preferred);
        }
        if (!flags.isEmpty()) {
            Map<Long, List<String>> byGeneration = new LinkedHashMap<>();
            flags.forEach((side, list) -> byGeneration.put(side.equals("A") ? task.left() : task.right(), list));
            stored.put("flags", flags);
            if (task.left() != null) { // gold tasks and honeypots show texts that are not generations
                stored.put("flagsByGenerationId", byGeneration);
            }
        }
        return new Valid(answer.choice(), preferred, reason, json(stored), answer.choice().name());
    }

    private static Valid ranking(Shown task, TaskQueue.Answer answer, String reason) {
        int k = task.replies().size();
        int wanted = task.settings().topK() == null ? k : Math.min(task.settings().topK(), k);
        List<Integer> ranking = answer.ranking();
        String what = wanted == k
                ? "The ranking must list each of the " + k + " replies exactly once"
                : "The ranking must list your best " + wanted + " of the " + k + " replies, each once";
        if (ranking == null) {
            throw Problem.badRequest("'ranking' is required: reply numbers 1 to " + k + " from best to worst"
                    + (wanted == k ? "" : ", your best " + wanted + " only") + ", e.g. " + example(wanted) + ".");
        }
        Set<Integer> seen = new HashSet<>();
        boolean valid = ranking.size() == wanted;
        for (Integer n : ranking) {
            valid &= n != null && n >= 1 && n <= k && seen.add(n);
        }
        if (!valid) {
            throw Problem.badRequest(what + " (numbers 1 to " + k + ", best first); got " + ranking + ".");
        }
        List<Long> generations = ranking.stream().map(n -> task.replies().get(n - 1)).toList();
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("ranking", ranking);
        stored.put("generationIds", generations);
        if (wanted != k) {
            stored.put("of", k);
        }
        String summary = ranking.stream().map(n -> "r" + n).collect(Collectors.joining(">"));
        return new Valid(null, null, reason, json(stored), summary);
    }

    private static Valid rubric(Shown task, TaskQueue.Answer answer, String reason) {
        List<KindSettings.Dimension> dimensions = task.settings().dimensions();
        int scale = task.settings().scale() == null ? 5 : task.settings().scale();
        List<String> names = dimensions.stream().map(KindSettings.Dimension::name).toList();
        if (answer.ratings() == null || answer.ratings().isEmpty()) {
            throw Problem.badRequest("'ratings' is required: a rating from 1 to " + scale + " for each of "
                    + String.join(", ", names) + ", e.g. {\"" + names.get(0) + "\": " + (scale + 1) / 2 + "}.");
        }
        Map<String, Integer> given = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : answer.ratings().entrySet()) {
            String name = known(entry.getKey(), names, "Dimension", null);
            given.put(name, entry.getValue());
        }
        Map<String, Integer> ratings = new LinkedHashMap<>();
        for (String name : names) {
            Integer rating = given.get(name);
            if (rating == null || rating < 1 || rating > scale) {
                throw Problem.badRequest("Dimension '" + name + "' needs a rating from 1 to " + scale
                        + (rating == null ? "." : ", not " + rating + "."));
            }
            ratings.put(name, rating);
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("ratings", ratings);
        stored.put("scale", scale);
        stored.put("generationId", task.replies().get(0));
        String summary = ratings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return new Valid(null, null, reason, json(stored), summary);
    }

    private static Valid categorical(Shown task, TaskQueue.Answer answer, String reason) {
        List<String> allowed = task.settings().labels();
        boolean multi = task.settings().picksSeveral();
        if (answer.labels() == null || answer.labels().isEmpty()) {
            throw Problem.badRequest("'labels' is required: " + (multi ? "one or more" : "exactly one") + " of "
                    + String.join(", ", allowed) + ".");
        }
        Set<String> picked = new LinkedHashSet<>();
        for (String label : answer.labels()) {
            picked.add(known(label, allowed, "Label", null));
        }
        if (!multi && picked.size() > 1) {
            throw Problem.badRequest("Pick exactly one label, not " + picked.size() + ": this campaign takes a single label"
                    + " (one of " + String.join(", ", allowed) + ").");
        }
        // keep the campaign's label order, so equal answers are stored and summarized alike
        List<String> labels = allowed.stream().filter(picked::contains).toList();
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("labels", labels);
        if (!task.replies().isEmpty()) {
            stored.put("generationId", task.replies().get(0));
        }
        return new Valid(null, null, reason, json(stored), String.join(",", labels));
    }

    private static Valid correction(Shown task, TaskQueue.Answer answer, String reason) {
        String text = answer.text();
        if (text == null || text.isBlank()) {
            throw Problem.badRequest("'text' is required: the reply as it should read (send it unchanged if it needs no edit).");
        }
        if (text.length() > MAX_TEXT) {
            throw Problem.badRequest("'text' is longer than " + MAX_TEXT + " characters.");
        }
        List<TextDiff.Part> diff = TextDiff.diff(task.replyText().get(), text);
        int added = TextDiff.words(diff, TextDiff.Op.ADD);
        int removed = TextDiff.words(diff, TextDiff.Op.REMOVE);
        boolean unchanged = diff.stream().allMatch(TextDiff.Part::isKept);
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("text", text);
        stored.put("generationId", task.replies().get(0));
        stored.put("wordsAdded", added);
        stored.put("wordsRemoved", removed);
        stored.put("diff", diff);
        String summary = unchanged ? "unchanged" : "edited +" + added + " -" + removed + " words";
        return new Valid(null, null, reason, json(stored), summary);
    }

    /** The canonical spelling of a name from {@code allowed}, matched ignoring case, or a clear error. */
    private static String known(String name, List<String> allowed, String what, String whyNone) {
        String given = name == null ? "" : name.strip();
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(given)) {
                return candidate;
            }
        }
        throw Problem.badRequest(what + " '" + given + "' is not one of "
                + (whyNone != null ? "them: " + whyNone : String.join(", ", allowed)) + ".");
    }

    /** A field of another kind means the client misunderstood the task: say which fields this one takes. */
    private static void rejectForeignFields(Shown task, TaskQueue.Answer answer) {
        Map<String, Boolean> given = new LinkedHashMap<>();
        given.put("choice", answer.choice() != null);
        given.put("flags", answer.flags() != null);
        given.put("ranking", answer.ranking() != null);
        given.put("ratings", answer.ratings() != null);
        given.put("labels", answer.labels() != null);
        given.put("text", answer.text() != null);
        Set<String> own = switch (task.kind()) {
            case PAIRWISE -> Set.of("choice", "flags");
            case RANKING -> Set.of("ranking");
            case RUBRIC -> Set.of("ratings");
            case CATEGORICAL -> Set.of("labels");
            case CORRECTION -> Set.of("text");
        };
        List<String> foreign = given.entrySet().stream().filter(e -> e.getValue() && !own.contains(e.getKey()))
                .map(e -> "'" + e.getKey() + "'").toList();
        if (!foreign.isEmpty()) {
            throw Problem.badRequest("This is a " + task.kind().name().toLowerCase(Locale.ROOT) + " task: "
                    + expected(task) + "; " + String.join(", ", foreign) + (foreign.size() == 1 ? " does" : " do")
                    + " not apply.");
        }
    }

    private static String expected(Shown task) {
        return switch (task.kind()) {
            case PAIRWISE -> "send 'choice' (A, B, TIE or BOTH_BAD), optionally 'flags' and 'reason'";
            case RANKING -> "send 'ranking', the reply numbers from best to worst, optionally 'reason'";
            case RUBRIC -> "send 'ratings', one per dimension, optionally 'reason'";
            case CATEGORICAL -> "send 'labels', optionally 'reason'";
            case CORRECTION -> "send 'text', the corrected reply, optionally 'reason'";
        };
    }

    private static String example(int count) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = count; i >= 1; i--) {
            numbers.add(i);
        }
        return numbers.toString();
    }

    private static String json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an answer cannot be written as JSON", e);
        }
    }
}
