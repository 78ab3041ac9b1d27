package dev.laurel.campaign.kind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    private static String side(List<TextDiff.Part> parts, TextDiff.Op skipped) {
        return parts.stream().filter(p -> p.op() != skipped).map(TextDiff.Part::text).collect(Collectors.joining());
    }

    @Test
    void aChangedWordIsOneRemovalAndOneAddition() {
        List<TextDiff.Part> parts = TextDiff.diff("The capital of France is Lyon.", "The capital of France is Paris.");
        assertEquals(List.of(new TextDiff.Part(TextDiff.Op.KEEP, "The capital of France is "),
                new TextDiff.Part(TextDiff.Op.REMOVE, "Lyon."), new TextDiff.Part(TextDiff.Op.ADD, "Paris.")), parts);
        assertEquals(1, TextDiff.words(parts, TextDiff.Op.ADD));
        assertEquals(1, TextDiff.words(parts, TextDiff.Op.REMOVE));
    }

    @Test
    void identicalTextsAreOneKeptPartAndEmptyTextsNone() {
        assertEquals(List.of(new TextDiff.Part(TextDiff.Op.KEEP, "same\ntext")), TextDiff.diff("same\ntext", "same\ntext"));
        assertEquals(List.of(), TextDiff.diff("", ""));
        assertEquals(List.of(new TextDiff.Part(TextDiff.Op.ADD, "new")), TextDiff.diff("", "new"));
    }

    @Test
    void theLongestCommonSubsequenceIsKept() {
        List<TextDiff.Part> parts = TextDiff.diff("a b c d e", "a c d x e");
        String kept = parts.stream().filter(TextDiff.Part::isKept).map(TextDiff.Part::text).collect(Collectors.joining());
        assertEquals("a c d e", kept);
        assertEquals(1, TextDiff.words(parts, TextDiff.Op.REMOVE)); // b
        assertEquals(1, TextDiff.words(parts, TextDiff.Op.ADD));    // x
    }

    @Test
    void bothTextsAreRebuiltFromTheParts() {
        Random random = new Random(7);
        String[] words = {"alpha", "beta", "gamma", "delta", " ", "\n", "  "};
        for (int round = 0; round < 200; round++) {
            String before = randomText(random, words);
            String after = randomText(random, words);
            List<TextDiff.Part> parts = TextDiff.diff(before, after);
            assertEquals(before, side(parts, TextDiff.Op.ADD), "original from KEEP + REMOVE");
            assertEquals(after, side(parts, TextDiff.Op.REMOVE), "edited from KEEP + ADD");
            for (int i = 1; i < parts.size(); i++) {
                assertTrue(parts.get(i).op() != parts.get(i - 1).op(), "adjacent parts of one kind are merged");
            }
        }
    }

    @Test
    void largeRewritesFallBackToLinesAndStayCorrect() {
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            before.append("word").append(i).append(i % 10 == 9 ? "\n" : " ");
            after.append(i % 10 == 0 ? "changed" : "word").append(i).append(i % 10 == 9 ? "\n" : " ");
        }
        List<TextDiff.Part> parts = TextDiff.diff(before.toString(), after.toString());
        assertEquals(before.toString(), side(parts, TextDiff.Op.ADD));
        assertEquals(after.toString(), side(parts, TextDiff.Op.REMOVE));
    }

    private static String randomText(Random random, String[] words) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(words[random.nextInt(words.length)]);
        }
        return text.toString();
    }
}
