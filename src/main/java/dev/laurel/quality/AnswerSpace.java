package dev.laurel.quality;

import java.util.List;

/**
 * The answers of a task kind as class indexes 0..K-1, which is what the algorithms ({@link DawidSkene},
 * {@link ConsensusPosterior}, {@link KrippendorffAlpha}) take. A new kind (categorical, …) adds its
 * classes here and every quality computation works for it unchanged.
 */
public final class AnswerSpace {
    private static final List<String> PAIRWISE = List.of("A", "B", "TIE", "BOTH_BAD");

    private AnswerSpace() {
    }

    /** Whether quality computes consensus and agreement for answers of this kind yet. */
    public static boolean supports(String kind) {
        return kind == null || kind.equals("PAIRWISE");
    }

    public static List<String> classes(String kind) {
        if (kind == null || kind.equals("PAIRWISE")) {
            return PAIRWISE;
        }
        throw new IllegalArgumentException("Quality has no answer classes for task kind " + kind);
    }

    /** The class index of an answer, or -1 if it is none of the kind's answers. */
    public static int index(String kind, String answer) {
        return classes(kind).indexOf(answer);
    }
}
