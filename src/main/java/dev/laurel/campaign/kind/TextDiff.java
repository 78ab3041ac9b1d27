package dev.laurel.campaign.kind;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word diff of two texts by longest common subsequence (Hunt–McIlroy style dynamic programming),
 * for showing what a labeler's correction changed. Tokens are words and the whitespace between
 * them, so joining the KEEP+REMOVE parts gives the original and KEEP+ADD parts the edited text.
 * The common head and tail are split off first; when the changed middle is still too large for
 * the quadratic table, lines are compared instead, and beyond that the middle is one replacement.
 */
public final class TextDiff {
    /** Cells of the LCS table we allow (ints: 16 MB); corrections are mostly small edits, so rarely reached. */
    static final long MAX_CELLS = 4_000_000;
    private static final Pattern WORDS = Pattern.compile("\\s+|[^\\s]+");
    private static final Pattern LINES = Pattern.compile("[^\\n]*\\n|[^\\n]+");

    private TextDiff() {
    }

    public enum Op {
        KEEP, ADD, REMOVE
    }

    public record Part(Op op, String text) {
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isKept() {
            return op == Op.KEEP;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isAdded() {
            return op == Op.ADD;
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isRemoved() {
            return op == Op.REMOVE;
        }
    }

    /** The parts that turn {@code before} into {@code after}; adjacent parts of one kind are merged. */
    public static List<Part> diff(String before, String after) {
        List<String> a = tokens(before, WORDS);
        List<String> b = tokens(after, WORDS);
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Part> parts = new ArrayList<>();
        add(parts, Op.KEEP, String.join("", a.subList(0, head)));
        List<String> midA = a.subList(head, a.size() - tail);
        List<String> midB = b.subList(head, b.size() - tail);
        if ((long) midA.size() * midB.size() > MAX_CELLS) {
            midA = tokens(String.join("", midA), LINES);
            midB = tokens(String.join("", midB), LINES);
        }
        if ((long) midA.size() * midB.size() > MAX_CELLS) {
            add(parts, Op.REMOVE, String.join("", midA));
            add(parts, Op.ADD, String.join("", midB));
        } else {
            lcs(midA, midB, parts);
        }
        add(parts, Op.KEEP, String.join("", a.subList(a.size() - tail, a.size())));
        return parts;
    }

    /** Words (not whitespace) in the parts of one kind: how much an edit added or removed. */
    public static int words(List<Part> parts, Op op) {
        int count = 0;
        for (Part part : parts) {
            if (part.op() == op) {
                Matcher m = Pattern.compile("[^\\s]+").matcher(part.text());
                while (m.find()) {
                    count++;
                }
            }
        }
        return count;
    }

    private static void lcs(List<String> a, List<String> b, List<Part> parts) {
        int n = a.size();
        int m = b.size();
        // length[i][j] = LCS length of a[i..] and b[j..]
        int[][] length = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                length[i][j] = a.get(i).equals(b.get(j)) ? length[i + 1][j + 1] + 1
                        : Math.max(length[i + 1][j], length[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                add(parts, Op.KEEP, a.get(i++));
                j++;
            } else if (length[i + 1][j] >= length[i][j + 1]) {
                add(parts, Op.REMOVE, a.get(i++));
            } else {
                add(parts, Op.ADD, b.get(j++));
            }
        }
        while (i < n) {
            add(parts, Op.REMOVE, a.get(i++));
        }
        while (j < m) {
            add(parts, Op.ADD, b.get(j++));
        }
    }

    private static void add(List<Part> parts, Op op, String text) {
        if (text.isEmpty()) {
            return;
        }
        int last = parts.size() - 1;
        if (last >= 0 && parts.get(last).op() == op) {
            parts.set(last, new Part(op, parts.get(last).text() + text));
        } else {
            parts.add(new Part(op, text));
        }
    }

    private static List<String> tokens(String text, Pattern pattern) {
        List<String> tokens = new ArrayList<>();
        Matcher m = pattern.matcher(text == null ? "" : text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}
