package dev.laurel.quality;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Per-item majority vote, the baseline of Snow, O'Connor, Jurafsky &amp; Ng (2008),
 * "Cheap and Fast — But is it Good? Evaluating Non-Expert Annotations for Natural Language Tasks",
 * EMNLP 2008.
 *
 * <p>Ties are kept visible: {@link #leaders(String)} returns every tied class, and
 * {@link #expectedError(Map)} credits a tie fractionally ("ties credited 1/2"), i.e. it is the error
 * of breaking each tie uniformly at random. That is the number the paper and later work report.
 */
public final class MajorityVote {

    /** item → (class → votes); insertion-ordered so {@link #labels()} is stable. */
    private final Map<String, Map<Integer, Integer>> votes;

    private MajorityVote(Map<String, Map<Integer, Integer>> votes) {
        this.votes = votes;
    }

    /** Counts the votes of every item. */
    public static MajorityVote of(List<Label> labels) {
        Map<String, Map<Integer, Integer>> votes = new LinkedHashMap<>();
        for (Label label : labels) {
            votes.computeIfAbsent(label.item(), item -> new HashMap<>()).merge(label.value(), 1, Integer::sum);
        }
        return new MajorityVote(votes);
    }

    /** The classes with the most votes on {@code item} (more than one on a tie), ascending. */
    public SortedSet<Integer> leaders(String item) {
        Map<Integer, Integer> counts = votes.get(item);
        if (counts == null) {
            throw new IllegalArgumentException("Item '" + item + "' has no labels");
        }
        int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        SortedSet<Integer> leaders = new TreeSet<>();
        counts.forEach((value, count) -> {
            if (count == top) {
                leaders.add(value);
            }
        });
        return leaders;
    }

    /** The majority class of every item; a tie goes to the smallest class so the result is deterministic. */
    public Map<String, Integer> labels() {
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (String item : votes.keySet()) {
            labels.put(item, leaders(item).first());
        }
        return labels;
    }

    /**
     * Mean error against {@code gold} over the gold items, where a tie among k classes that includes
     * the gold class counts as {@code 1 - 1/k} of an error and a majority without it as a full error.
     */
    public double expectedError(Map<String, Integer> gold) {
        if (gold.isEmpty()) {
            throw new IllegalArgumentException("No gold items to compare against");
        }
        double errors = 0;
        for (Map.Entry<String, Integer> entry : gold.entrySet()) {
            Set<Integer> leaders = leaders(entry.getKey());
            errors += leaders.contains(entry.getValue()) ? 1.0 - 1.0 / leaders.size() : 1.0;
        }
        return errors / gold.size();
    }
}
