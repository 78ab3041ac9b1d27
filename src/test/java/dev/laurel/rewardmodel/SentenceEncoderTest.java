package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {
    private static final List<String> SENTENCES = List.of(
            "The cat sits on the mat.",
            "A kitten is resting on a rug.",
            "Quarterly revenue grew by twelve percent.",
            "How do I improve my time management skills?",
            "Photosynthesis converts light energy into chemical energy in plants.");

    private static SentenceEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = SentenceEncoder.allMiniLmL6V2();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void matchesLangchain4jsOwnEmbeddings() {
        float[][] ours = encoder.embed(SENTENCES);
        // created after DJL's OnnxRuntime engine, which owns the process' OrtEnvironment
        AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] theirs = reference.embed(SENTENCES.get(i)).content().vector();
            assertEquals(SentenceEncoder.DIMENSIONS, ours[i].length);
            assertTrue(cosine(ours[i], theirs) > 0.999, "sentence " + i + ": cosine " + cosine(ours[i], theirs));
        }
    }

    @Test
    void vectorsHaveUnitLength() {
        for (float[] vector : encoder.embed(SENTENCES)) {
            assertEquals(1.0, cosine(vector, vector) , 1e-5);
            double norm = 0;
            for (float v : vector) {
                norm += v * v;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-4);
        }
    }

    @Test
    void similarSentencesAreCloserThanUnrelatedOnes() {
        float[][] v = encoder.embed(SENTENCES);
        double related = cosine(v[0], v[1]);
        assertTrue(related > cosine(v[0], v[2]));
        assertTrue(related > cosine(v[0], v[4]));
        assertTrue(related > cosine(v[1], v[3]));
    }

    @Test
    void batchingAndOrderDoNotChangeVectors() {
        float[][] together = encoder.embed(SENTENCES);
        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] alone = encoder.embed(List.of(SENTENCES.get(i)))[0];
            assertTrue(cosine(together[i], alone) > 0.9999, "padding changed sentence " + i);
        }
    }

    @Test
    void aLongPromptIsCutFromItsStartSoItsLatestTurnIsEmbedded() throws Exception {
        String question = "Now the real question: how do I fix a flat bicycle tire on the road?";
        String history = "Earlier we talked about gardening, tomatoes, compost and crème fraîche recipes 🌱. ".repeat(60);
        String prompt = history + question;
        String cut = encoder.latest(List.of(prompt)).get(0);
        assertTrue(prompt.endsWith(cut) && cut.endsWith(question) && cut.length() < prompt.length(), cut);
        try (ai.djl.huggingface.tokenizers.HuggingFaceTokenizer all = SentenceEncoder.untruncatedTokenizer()) {
            long[] whole = all.encode(prompt, false, false).getIds();
            long[] kept = all.encode(cut, false, false).getIds();
            int window = SentenceEncoder.DEFAULT_MAX_TOKENS - 2; // [CLS] and [SEP] take two
            assertTrue(kept.length <= window && kept.length > window - 5, kept.length + " tokens: the cut fills the window");
            assertTrue(java.util.Arrays.equals(kept, java.util.Arrays.copyOfRange(whole, whole.length - kept.length, whole.length)),
                    "the cut is exactly the prompt's last tokens, from a word's start");
        }
        assertEquals(List.of(question), encoder.latest(List.of(question)), "a prompt that fits is kept whole");

        float[] byEnd = encoder.embedPrompts(List.of(prompt))[0];
        float[] byStart = encoder.embed(List.of(prompt))[0];
        float[] asked = encoder.embed(List.of("How can I repair a punctured bike tyre?"))[0];
        assertTrue(cosine(byEnd, asked) > cosine(byStart, asked) + 0.1,
                "by its end the prompt is about the tire: " + cosine(byEnd, asked) + " vs " + cosine(byStart, asked));
        assertTrue(cosine(encoder.embedPrompts(List.of(question))[0], encoder.embed(List.of(question))[0]) > 0.9999);
    }

    @Test
    void theByteScorerKeepsThePromptsEndAndTheWholeReplyWhereItFits() {
        long[] out = new long[64];
        TextScorer.tokens("x".repeat(100) + "END?", "short reply", 64, out, 0);
        int separator = indexOf(out, TextScorer.SEPARATOR);
        assertEquals(64 - 1 - "short reply".length(), separator, "the prompt takes the room the reply leaves");
        assertEquals("END?", text(out, separator - 4, separator), "the prompt's end is kept");
        assertEquals("short reply", text(out, separator + 1, separator + 1 + "short reply".length()));

        TextScorer.tokens("x".repeat(100) + "END?", "r".repeat(200), 64, out, 0);
        assertEquals(16, indexOf(out, TextScorer.SEPARATOR), "a long reply leaves the prompt a quarter");
        assertEquals("END?", text(out, 12, 16));
    }

    private static int indexOf(long[] tokens, long token) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] == token) {
                return i;
            }
        }
        return -1;
    }

    private static String text(long[] tokens, int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = (byte) (tokens[i] - 2);
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
