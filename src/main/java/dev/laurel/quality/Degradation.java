package dev.laurel.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Makes a honeypot's wrong answer from a real reply: a copy that any attentive reader must find
 * worse. Three ways, as in the spam checks of crowd platforms: cut mid-sentence, sentences shuffled
 * out of order, or a plain contradiction appended. A way that would leave the text unchanged (one
 * sentence cannot be shuffled) is not chosen.
 */
public final class Degradation {

    public enum Kind {
        TRUNCATED, SHUFFLED, CONTRADICTED
    }

    public record Degraded(String text, Kind kind) {
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final List<String> CONTRADICTIONS = List.of(
            "Actually, everything above is wrong, so ignore it.",
            "However, the opposite of all of this is true.",
            "But none of the above is correct.");

    private Degradation() {
    }

    public static Degraded degrade(String reply, Random random) {
        String text = reply.strip();
        List<String> sentences = List.of(SENTENCE_END.split(text));
        List<Kind> possible = new ArrayList<>(List.of(Kind.CONTRADICTED));
        if (text.length() >= 20) {
            possible.add(Kind.TRUNCATED);
        }
        if (sentences.size() >= 3 && new java.util.HashSet<>(sentences).size() >= 2) {
            possible.add(Kind.SHUFFLED);
        }
        Kind kind = possible.get(random.nextInt(possible.size()));
        return switch (kind) {
            case TRUNCATED -> new Degraded(truncate(text, random), kind);
            case SHUFFLED -> new Degraded(shuffle(sentences, random), kind);
            case CONTRADICTED -> new Degraded(text + " " + CONTRADICTIONS.get(random.nextInt(CONTRADICTIONS.size())), kind);
        };
    }

    /** Cut between 35% and 65% of the way in, inside a word, without a closing full stop. */
    private static String truncate(String text, Random random) {
        int cut = (int) (text.length() * (0.35 + 0.3 * random.nextDouble()));
        int space = text.lastIndexOf(' ', cut);
        String head = text.substring(0, space > text.length() / 4 ? space : cut).stripTrailing();
        while (!head.isEmpty() && ".!?".indexOf(head.charAt(head.length() - 1)) >= 0) {
            head = head.substring(0, head.length() - 1);
        }
        return head;
    }

    /** A different order of the same sentences (never the original one). */
    private static String shuffle(List<String> sentences, Random random) {
        List<String> shuffled = new ArrayList<>(sentences);
        do {
            Collections.shuffle(shuffled, random);
        } while (shuffled.equals(sentences));
        return String.join(" ", shuffled);
    }
}
