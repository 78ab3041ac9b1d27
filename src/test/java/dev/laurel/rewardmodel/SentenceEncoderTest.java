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
