package dev.laurel.campaign.kind.pairwise;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.AnswerRequest;
import dev.laurel.campaign.kind.AnswerSpace;
import dev.laurel.campaign.kind.Checks;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.DatasetRows;
import dev.laurel.campaign.kind.KindSpec;
import dev.laurel.campaign.kind.ShownTask;
import dev.laurel.platform.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Compare two replies to one prompt: A (the left one), B, a tie or both bad, with optional flags per reply. */
public final class PairwiseKind implements KindSpec {
    public static final List<String> DEFAULT_FLAGS = List.of("harmful", "incorrect", "off-topic");
    static final int MAX_FLAGS = 10;
    static final String CONTROL = "pairwise";
    static final int MAX_PAIRS_PER_PROMPT = 100;

    @Schema(name = "PairwiseAnswer", description = "PAIRWISE: which reply is better (A is the left one)."
            + " Optional flags per reply from the campaign's flag set, and a rationale.",
            example = "{\"choice\": \"A\", \"flags\": {\"B\": [\"incorrect\"]}, \"reason\": \"B gets the date wrong.\"}")
    public record Format(
            @Schema(required = true, enumeration = {"A", "B", "TIE", "BOTH_BAD"}) String choice,
            @Schema(description = "Reply 'A' or 'B' → flags from the campaign's settings.flags") Map<String, List<String>> flags,
            @Schema(description = "Why (optional, up to 2000 characters)") String reason) {
    }

    @Override
    public TaskKind kind() {
        return TaskKind.PAIRWISE;
    }

    @Override
    public String title() {
        return "Pairwise";
    }

    @Override
    public String explanation() {
        return "Labelers pick the better of two replies (or a tie, or both bad) and may flag either one.";
    }

    /** Flags comma-separated (empty for none). */
    @Override
    public KindSettings settingsFromForm(Map<String, String> form, List<String> problems) {
        return new KindSettings(Checks.entries(form.get("flags"), ","), null, null, null, null, null, null, null,
                Checks.whole("Pairs per prompt", form.get("pairsPerPrompt"), problems));
    }

    @Override
    public List<String> settingFields() {
        return List.of("flags", "pairsPerPrompt");
    }

    @Override
    public KindSettings validated(KindSettings s, List<String> errors) {
        List<String> flags = s.flags() == null ? DEFAULT_FLAGS
                : Checks.names(s.flags(), "flag", 0, MAX_FLAGS, Checks.NAME, Checks.NAME_RULE, errors);
        if (s.pairsPerPrompt() != null && (s.pairsPerPrompt() < 1 || s.pairsPerPrompt() > MAX_PAIRS_PER_PROMPT)) {
            errors.add("'pairsPerPrompt' must be from 1 to " + MAX_PAIRS_PER_PROMPT + "; leave it out to compare every pair.");
        }
        return new KindSettings(flags, null, null, null, null, null, null, null, s.pairsPerPrompt());
    }

    @Override
    public KindSettings defaults() {
        return new KindSettings(DEFAULT_FLAGS, null, null, null, null, null, null, null, null);
    }

    @Override
    public String describe(KindSettings settings) {
        List<String> flags = settings.flags() == null ? List.of() : settings.flags();
        String pairs = settings.pairsPerPrompt() == null ? "" : "Up to " + settings.pairsPerPrompt() + " pairs per prompt. ";
        return pairs + (flags.isEmpty() ? "" : "Flags per reply: " + String.join(", ", flags) + ".");
    }

    @Override
    public Set<String> answerFields() {
        return Set.of("choice", "flags");
    }

    @Override
    public String expected() {
        return "send 'choice' (A, B, TIE or BOTH_BAD), optionally 'flags' and 'reason'";
    }

    @Override
    public Class<PairwiseAnswer> answerType() {
        return PairwiseAnswer.class;
    }

    @Override
    public PairwiseAnswer answer(ShownTask task, AnswerRequest answer) {
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
                    picked.add(Checks.known(flag, allowed, "Flag", allowed.isEmpty() ? "this campaign has no flags" : null));
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
        Long left = task.reply(0);
        Long right = task.reply(1);
        Long preferred = switch (answer.choice()) {
            case A -> left;
            case B -> right;
            case TIE, BOTH_BAD -> null;
        };
        Map<Long, List<String>> byGeneration = null;
        if (!flags.isEmpty() && left != null) { // gold tasks and honeypots show texts that are not generations
            byGeneration = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> entry : flags.entrySet()) {
                byGeneration.put(entry.getKey().equals("A") ? left : right, entry.getValue());
            }
        }
        return new PairwiseAnswer(answer.choice(), preferred, flags, byGeneration);
    }

    @Override
    public AnswerRequest fromForm(KindSettings settings, Map<String, List<String>> form, String reason) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (String side : List.of("A", "B")) {
            List<String> picked = form.get("flag-" + side);
            if (picked != null && !picked.isEmpty()) {
                flags.put(side, picked);
            }
        }
        return new AnswerRequest(choice(Checks.first(form, "choice")), reason, flags.isEmpty() ? null : flags,
                null, null, null, null);
    }

    private static Choice choice(String choice) {
        try {
            return Choice.valueOf(choice == null ? "" : choice.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("Choose A, B, Tie or Both bad.");
        }
    }

    /** A pair is the same task whichever reply is on the left. */
    @Override
    public List<Long> sameTaskKey(List<Long> shown) {
        return shown.stream().sorted().toList();
    }

    /** An answer given with the sides the other way round: A and B swap, TIE and BOTH_BAD stay. */
    @Override
    public AnswerRequest asShownIn(AnswerRequest answer, List<Long> answered, List<Long> shown) {
        if (answered.get(0).equals(shown.get(0)) || answer.choice() == null) {
            return answer;
        }
        Choice turned = switch (answer.choice()) {
            case A -> Choice.B;
            case B -> Choice.A;
            case TIE, BOTH_BAD -> answer.choice();
        };
        Map<String, List<String>> flags = null;
        if (answer.flags() != null) {
            flags = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> entry : answer.flags().entrySet()) {
                String side = entry.getKey() == null ? "" : entry.getKey().strip().toUpperCase(Locale.ROOT);
                flags.put(side.equals("A") ? "B" : side.equals("B") ? "A" : entry.getKey(), entry.getValue());
            }
        }
        return new AnswerRequest(turned, answer.reason(), flags, answer.ranking(), answer.ratings(), answer.labels(), answer.text());
    }

    @Override
    public boolean hasConsensus() {
        return true;
    }

    @Override
    public Optional<AnswerSpace> space(KindSettings settings) {
        return Optional.of(Space.PAIRWISE);
    }

    /** Made on first use: this class is built while {@link TaskKind} is, before TaskKind.PAIRWISE exists. */
    private static final class Space {
        static final AnswerSpace PAIRWISE = AnswerSpace.sharedChoice(TaskKind.PAIRWISE,
                List.of(Choice.A.name(), Choice.B.name(), Choice.TIE.name(), Choice.BOTH_BAD.name()));
    }

    @Override
    public List<List<Long>> taskGroups(KindSettings settings, List<Long> unseen, boolean isFirst, Random random) {
        throw new UnsupportedOperationException("pairwise tasks are the pairs task/PairSelection picks");
    }

    @Override
    public String nothingYet(long campaignId) {
        return KindSpec.nothingYetOfSeveral("compare", campaignId);
    }

    @Override
    public String labelStudioControl() {
        return CONTROL;
    }

    @Override
    public DatasetRows dataset(KindSettings settings) {
        return PairwiseDataset.ROWS;
    }
}
