package dev.laurel.quality;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A campaign's answers as class indexes 0..K-1, which is what the algorithms ({@link DawidSkene},
 * {@link ConsensusPosterior}, {@link KrippendorffAlpha}, {@link MajorityVote}) take.
 *
 * <p>An answer decides one or more <em>questions</em>, each with its own classes:
 * <ul>
 *   <li>pairwise: one question, A, B, TIE or BOTH_BAD;</li>
 *   <li>single-label categorical: one question, the campaign's labels in the campaign's order;</li>
 *   <li>multi-label categorical: one yes/no question per label ("does this label apply?"), so
 *       consensus, Dawid-Skene and α treat each label as its own binary item; the consensus answer is
 *       the labels whose question came out "yes". Labels are assumed independent, which is simple
 *       and right for the common "tag everything that applies" campaign.</li>
 * </ul>
 * Answers arrive as the submission summary: the pairwise choice, or the picked labels joined by
 * commas in the campaign's order (labels cannot contain commas). Ranking, rubric and correction
 * answers have no class space: quality skips them.
 */
public final class AnswerSpace {
    static final List<String> PAIRWISE = List.of("A", "B", "TIE", "BOTH_BAD");
    static final List<String> NO_YES = List.of("no", "yes");
    private static final AnswerSpace PAIRWISE_SPACE = new AnswerSpace(TaskKind.PAIRWISE, PAIRWISE, false);

    private final TaskKind kind;
    /** Pairwise choices or categorical labels. */
    private final List<String> values;
    private final boolean multi;

    private AnswerSpace(TaskKind kind, List<String> values, boolean multi) {
        this.kind = kind;
        this.values = List.copyOf(values);
        this.multi = multi;
    }

    /** The answer space of a campaign of this kind, or empty if quality has none for the kind. */
    public static Optional<AnswerSpace> of(TaskKind kind, KindSettings settings) {
        if (kind == null || kind == TaskKind.PAIRWISE) {
            return Optional.of(PAIRWISE_SPACE);
        }
        if (kind == TaskKind.CATEGORICAL && settings != null && settings.labels() != null && settings.labels().size() >= 2) {
            return Optional.of(new AnswerSpace(kind, settings.labels(), settings.picksSeveral()));
        }
        return Optional.empty();
    }

    public static AnswerSpace pairwise() {
        return PAIRWISE_SPACE;
    }

    /** Whether quality computes consensus and agreement for answers of this kind. */
    public static boolean supports(String kind) {
        return kind == null || kind.equals(TaskKind.PAIRWISE.name()) || kind.equals(TaskKind.CATEGORICAL.name());
    }

    public TaskKind kind() {
        return kind;
    }

    public boolean isMulti() {
        return multi;
    }

    /** How many questions one answer decides: 1, or one per label for multi-label. */
    public int questions() {
        return multi ? values.size() : 1;
    }

    /** The classes of a question, in index order. */
    public List<String> classes(int question) {
        return multi ? NO_YES : values;
    }

    /** A short name of the question: empty for a single question, the label for multi-label. */
    public String question(int question) {
        return multi ? values.get(question) : "";
    }

    /**
     * Which group of items a question's Dawid-Skene fit belongs to: pairwise answers of every campaign
     * share one class space, so they are fitted together; each categorical campaign (and each label of
     * a multi-label one) has classes of its own.
     */
    public String fitKey(long campaignId, int question) {
        return kind == TaskKind.PAIRWISE ? "PAIRWISE" : "campaign " + campaignId + (multi ? " label " + values.get(question) : "");
    }

    /** The class index of the answer on every question, or empty if it is not an answer of this space. */
    public Optional<int[]> encode(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        if (!multi) {
            int index = values.indexOf(answer);
            return index < 0 ? Optional.empty() : Optional.of(new int[] {index});
        }
        Set<String> picked = new HashSet<>(Arrays.asList(answer.split(",", -1)));
        if (!values.containsAll(picked)) {
            return Optional.empty();
        }
        int[] classes = new int[values.size()];
        for (int i = 0; i < values.size(); i++) {
            classes[i] = picked.contains(values.get(i)) ? 1 : 0;
        }
        return Optional.of(classes);
    }

    /** The answer with these class indexes, in the form {@link #encode} reads ("" for no label at all). */
    public String decode(int[] classes) {
        if (!multi) {
            return values.get(classes[0]);
        }
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (classes[i] == 1) {
                picked.add(values.get(i));
            }
        }
        return String.join(",", picked);
    }

    /** The canonical form of an answer the model team wrote (gold): labels matched ignoring case, in campaign order. */
    public Optional<String> canonical(String answer) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        List<String> given = multi ? Arrays.stream(answer.split(",")).map(String::strip).toList() : List.of(answer.strip());
        boolean[] picked = new boolean[values.size()];
        for (String name : given) {
            int index = -1;
            for (int i = 0; i < values.size(); i++) {
                if (values.get(i).equalsIgnoreCase(name)) {
                    index = i;
                }
            }
            if (index < 0) {
                return Optional.empty();
            }
            picked[index] = true;
        }
        List<String> ordered = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (picked[i]) {
                ordered.add(values.get(i));
            }
        }
        return Optional.of(String.join(",", ordered));
    }

    /** The answers a person may write, for error messages. */
    public String describe() {
        return (multi ? "one or more of " : "one of ") + String.join(", ", values) + (multi ? ", separated by commas" : "");
    }
}
