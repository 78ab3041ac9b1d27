package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.laurel.platform.ModelEngines;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainable DJL PyTorch MiniLM computes what the shipped ONNX encoder computes. */
class MiniLmTest {
    private static final List<String> TEXTS = List.of(
            "The cat sits on the mat.",
            "A kitten is resting on a rug, next to a much longer sentence about the weather in spring.",
            "Quarterly revenue grew by twelve percent.",
            "How do I improve my time management skills?",
            "Photosynthesis converts light energy into chemical energy in plants.");

    @Test
    void embeddingsEqualTheOnnxEncoders() throws Exception {
        float[][] onnx;
        try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2()) {
            onnx = encoder.embed(TEXTS);
        }
        try (NDManager manager = ModelEngines.pytorch().newBaseManager();
             HuggingFaceTokenizer tokenizer = SentenceEncoder.tokenizer(SentenceEncoder.DEFAULT_MAX_TOKENS)) {
            MiniLm block = MiniLm.pretrained(manager, 0.1f);
            // one padded batch: the mask must keep padding out of attention and pooling
            NDList inputs = MiniLm.inputs(manager, Arrays.asList(tokenizer.batchEncode(TEXTS)));
            float[] out = block.forward(new ParameterStore(manager, false), inputs, false).singletonOrThrow().toFloatArray();
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] ours = Arrays.copyOfRange(out, i * MiniLm.HIDDEN, (i + 1) * MiniLm.HIDDEN);
                assertEquals(SentenceEncoder.DIMENSIONS, ours.length);
                double cosine = SentenceEncoderTest.cosine(ours, onnx[i]);
                assertTrue(cosine > 0.999, "text " + i + ": cosine " + cosine);
            }
        }
    }
}
