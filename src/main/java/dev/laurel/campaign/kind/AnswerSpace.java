package dev.laurel.campaign.kind;

import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A campaign's answers as class indexes 0..K-1, which is what quality's algorithms (Dawid-Skene, the
 * consensus posterior, Krippendorff's α, majority vote) take. Each kind says which space its answers have
 * ({@link KindSpec#space}); the space has three shapes, {@link #sharedChoice}, {@link #labels} and {@link #ranking}.
 *
 * <p>An answer decides one or more <em>questions</em>, each with its own classes:
 * <ul>
 *   <li>pairwise: one question, A, B, TIE or BOTH_BAD, the same in every campaign;</li>
 *   <li>single-label categorical: one question, the campaign's labels in the campaign's order;</li>
 *   <li>multi-label categorical: one yes/no question per label ("does this label apply?"), so
 *       consensus, Dawid-Skene and α treat each label as its own binary item; the consensus answer is
 *       the labels whose question came out "yes". Labels are assumed independent, which is simple
 *       and right for the common "tag everything that applies" campaign.</li>
 *   <li>ranking of all the replies a task shows: one question per pair of replies ("r1 vs r3": which ranks
 *       higher?), so the pairwise machinery applies to each pair; the consensus ranking orders the replies by
 *       the pairs they win (Copeland), ties by reply number. Tasks show from 2 up to the campaign's largest group
 *       of replies; the space has the questions of the largest, and a smaller task's answers leave the pairs it did
 *       not show {@link #UNASKED}.</li>
 * </ul>
 * Answers arrive as their summary ({@link KindAnswer#summary}): the pairwise choice, the picked labels joined by
 * commas in the campaign's order (labels cannot contain commas), or the ranking as "r3>r1>r2".
 * Partial (top-k) ranking, rubric and correction answers have no class space: quality skips them.
 */
public final class AnswerSpace {
    static final List<String> NO_YES = List.of("no", "yes");
    /**
     * The class of a question an answer does not decide: a ranking task that shows n replies asks nothing about
     * the pairs of replies beyond n (group sizes differ per task). Consumers skip it.
     */
    public static final int UNASKED = -1;

    private final TaskKind kind;
    /** Pairwise choices, categorical labels, or a ranking's reply names (r1 … rk). */
    private final List<String> values;
    private final boolean multi;
    /** Whether the campaigns of this kind share one class space, so their answers are fitted together. */
    private final boolean shared;
    /** Ranking: the pairs of reply indexes (i < j) its questions ask about; empty otherwise. */
    private final List<int[]> pairs;

    private AnswerSpace(TaskKind kind, List<String> values, boolean multi, boolean shared, boolean ranking) {
        this.kind = kind;
        this.values = List.copyOf(values);
        this.multi = multi;
        this.shared = shared;
        List<int[]> pairs = new ArrayList<>();
        if (ranking) {
            for (int i = 0; i < values.size(); i++) {
                for (int j = i + 1; j < values.size(); j++) {
                    pairs.add(new int[] {i, j});
                }
            }
        }
        this.pairs = List.copyOf(pairs);
    }

    /** One question with these classes, the same in every campaign of the kind (pairwise: A, B, TIE, BOTH_BAD). */
    public static AnswerSpace sharedChoice(TaskKind kind, List<String> classes) {
        return new AnswerSpace(kind, classes, false, true, false);
    }

    /** A campaign's own labels: one question, or with {@code multi} one yes/no question per label. */
    public static AnswerSpace labels(TaskKind kind, List<String> labels, boolean multi) {
        return new AnswerSpace(kind, labels, multi, false, false);
    }

    /** Rankings of up to {@code replies} replies: one question per pair of replies. */
    public static AnswerSpace ranking(TaskKind kind, int replies) {
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= replies; n++) {
            names.add("r" + n);
        }
        return new AnswerSpace(kind, names, false, false, true);
    }

    /** The answer space of a campaign of this kind (pairwise when none is named), or empty if quality has none for the kind. */
    public static Optional<AnswerSpace> of(TaskKind kind, KindSettings settings) {
        return (kind == null ? TaskKind.PAIRWISE : kind).spec().space(settings);
    }

    /** Whether quality computes consensus and agreement for answers of this kind (by name; null is pairwise). */
    public static boolean supports(String kind) {
        return kind == null || TaskKind.valueOf(kind).spec().hasConsensus();
    }

    public TaskKind kind() {
        return kind;
    }

    public boolean isMulti() {
        return multi;
    }

    /** How many questions one answer decides: 1, one per label for multi-label, one per pair of replies for ranking. */
    public int questions() {
        return isRanking() ? pairs.size() : multi ? values.size() : 1;
    }

    /** The classes of a question, in index order (ranking: the pair's replies, the one ranked higher). */
    public List<String> classes(int question) {
        if (isRanking()) {
            int[] pair = pairs.get(question);
            return List.of(values.get(pair[0]), values.get(pair[1]));
        }
        return multi ? NO_YES : values;
    }

    /** A short name of the question: empty for a single question, the label for multi-label, "r1 vs r2" for ranking. */
    public String question(int question) {
        if (isRanking()) {
            return String.join(" vs ", classes(question));
        }
        return multi ? values.get(question) : "";
    }

    private boolean isRanking() {
        return !pairs.isEmpty();
    }

    /**
     * Which group of items a question's Dawid-Skene fit belongs to: pairwise answers of every campaign
     * share one class space, so they are fitted together; each categorical campaign (and each label of
     * a multi-label one) has classes of its own.
     */
    public String fitKey(long campaignId, int question) {
        if (isRanking()) {
            return "campaign " + campaignId + " " + question(question);
        }
        return shared ? kind.name() : "campaign " + campaignId + (multi ? " label " + values.get(question) : "");
    }

    /** The class index of the answer on every question ({@link #UNASKED} where it decides none), or empty if it is not an answer of this space. */
    public Optional<int[]> encode(String answer) {
        if (answer == null) {
            return Optional.empty();
        }
        if (isRanking()) {
            return encodeRanking(answer);
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

    /**
     * The answer with these class indexes, in the form {@link #encode} reads ("" for no label at all).
     *
     * <p>Ranking: Copeland over the pairs, each pair decided by its own Dawid-Skene fit, rather than a Borda count
     * weighted by reliability. Each pair's fit already weighs every labeler by how reliable they are on that
     * question (a labeler careless about the bottom of a ranking loses weight there only), where Borda would need
     * one weight per labeler and lets a single confident outlier move a reply several places; Copeland keeps the
     * reply that beats every other on top whenever there is one (a Condorcet winner). It costs O(k²) per task, on
     * the fits the recompute runs anyway: nothing grows with the campaign.
     */
    public String decode(int[] classes) {
        if (isRanking()) {
            int[] wins = new int[values.size()];
            int shown = 0; // the task's replies: those of the pairs it asked about
            for (int q = 0; q < pairs.size(); q++) {
                if (classes[q] != UNASKED) {
                    wins[pairs.get(q)[classes[q]]]++;
                    shown = Math.max(shown, pairs.get(q)[1] + 1);
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < shown; i++) {
                order.add(i);
            }
            order.sort((a, b) -> wins[a] != wins[b] ? Integer.compare(wins[b], wins[a]) : Integer.compare(a, b));
            return String.join(">", order.stream().map(values::get).toList());
        }
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

    /**
     * A full ranking of a task's n replies ("r3>r1>r2", each of r1 … rn once; n differs per task, up to the space's
     * size) as, per pair, 0 when its first reply ranks higher, and {@link #UNASKED} for the pairs of replies the task
     * did not show.
     */
    private Optional<int[]> encodeRanking(String answer) {
        String[] names = answer.split(">", -1);
        int shown = names.length;
        int[] position = new int[values.size()];
        Arrays.fill(position, -1);
        if (shown < 2 || shown > values.size()) {
            return Optional.empty();
        }
        for (int p = 0; p < names.length; p++) {
            int reply = values.indexOf(names[p]);
            if (reply < 0 || reply >= shown || position[reply] >= 0) {
                return Optional.empty();
            }
            position[reply] = p;
        }
        int[] classes = new int[pairs.size()];
        for (int q = 0; q < pairs.size(); q++) {
            int[] pair = pairs.get(q);
            classes[q] = pair[1] >= shown ? UNASKED : position[pair[0]] < position[pair[1]] ? 0 : 1;
        }
        return Optional.of(classes);
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
