package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.embedding.TrainableWordEmbedding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.laurel.platform.ModelEngines;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A full scorer a model team can upload and have fine-tuned end to end (every weight trainable, not a
 * head on frozen embeddings): UTF-8 bytes of {@code prompt ␟ reply} → byte embedding → 1-D
 * convolution (kernel 5) → ReLU → max over positions → MLP → one reward. An architecture Laurel
 * knows, so a team ships only its DJL-saved parameters ({@code Block.saveParameters}) and the four
 * sizes; no Python and no TorchScript is needed to produce or to train it.
 */
public final class TextScorer implements TextRewards {
    public static final String FORMAT = "laurel-text-scorer/1";
    static final int PAD = 0;
    static final int SEPARATOR = 1;
    static final int VOCABULARY = 258;

    /** The sizes that, with the format, fix the parameter shapes. */
    public record Architecture(int maxBytes, int embeddingSize, int channels, int hiddenSize) {
        public Map<String, Object> toManifest() {
            return Map.of("maxBytes", maxBytes, "embeddingSize", embeddingSize, "channels", channels, "hiddenSize", hiddenSize);
        }

        static Architecture fromManifest(Map<String, Object> shape) {
            return new Architecture(((Number) shape.get("maxBytes")).intValue(), ((Number) shape.get("embeddingSize")).intValue(),
                    ((Number) shape.get("channels")).intValue(), ((Number) shape.get("hiddenSize")).intValue());
        }

        /** Rejects sizes that would not fit in memory or make no sense, with a sentence. */
        public String problem() {
            if (maxBytes < 8 || maxBytes > 4096) {
                return "'maxBytes' must be between 8 and 4096.";
            }
            if (embeddingSize < 1 || embeddingSize > 512 || channels < 1 || channels > 1024 || hiddenSize < 1 || hiddenSize > 4096) {
                return "'embeddingSize' (1–512), 'channels' (1–1024) and 'hiddenSize' (1–4096) are out of range.";
            }
            return null;
        }
    }

    private final Model model;
    private final Architecture architecture;

    private TextScorer(Model model, Architecture architecture) {
        this.model = model;
        this.architecture = architecture;
    }

    /** A fresh block of this architecture; its input is token ids (int64) of shape (batch, maxBytes). */
    public static Block block(Architecture a) {
        List<String> tokens = new ArrayList<>(VOCABULARY);
        tokens.add("<pad>");
        tokens.add("<sep>");
        for (int b = 0; b < 256; b++) {
            tokens.add("byte" + b);
        }
        return new SequentialBlock()
                .add(TrainableWordEmbedding.builder().setVocabulary(new DefaultVocabulary(tokens))
                        .setEmbeddingSize(a.embeddingSize()).build())
                .add(LambdaBlock.singleton(x -> x.transpose(0, 2, 1), "channels-first"))
                .add(Conv1d.builder().setKernelShape(new Shape(5)).optPadding(new Shape(2)).setFilters(a.channels()).build())
                .add(Activation.reluBlock())
                .add(LambdaBlock.singleton(x -> x.max(new int[] {2}), "max-over-positions"))
                .add(Linear.builder().setUnits(a.hiddenSize()).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(1).build());
    }

    /** A block with parameters read from {@code parameters}; fails with a sentence if they do not fit. */
    static Block load(NDManager manager, Architecture architecture, byte[] parameters) {
        Block block = block(architecture);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, architecture.maxBytes()));
        List<Shape> expected = block.getParameters().values().stream().map(p -> p.getArray().getShape()).toList();
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters));
            block.loadParameters(manager, in);
            // DJL reads arrays of any shape: check they are the ones these sizes give, and nothing is left over
            List<Shape> loaded = block.getParameters().values().stream().map(p -> p.getArray().getShape()).toList();
            if (!loaded.equals(expected) || in.available() > 0) {
                throw new IllegalArgumentException("parameter shapes " + loaded + " are not " + expected);
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new IllegalArgumentException("The parameters are not a DJL-saved " + FORMAT + " scorer of sizes " + architecture
                    + ": " + e.getMessage(), e);
        }
        return block;
    }

    /**
     * Token ids of one item, padded to {@code maxBytes}: the prompt's end (its latest turns), then the
     * reply's start. The reply is kept whole where it fits with at least a quarter left to the prompt;
     * the prompt takes whatever room the reply leaves, so a long prompt never crowds out the reply.
     */
    static void tokens(String prompt, String reply, int maxBytes, long[] out, int offset) {
        byte[] p = prompt.getBytes(StandardCharsets.UTF_8);
        byte[] r = reply.getBytes(StandardCharsets.UTF_8);
        int promptLength = Math.min(p.length, Math.max(maxBytes / 4, maxBytes - 1 - r.length));
        int at = 0;
        for (int i = p.length - promptLength; i < p.length; i++) {
            out[offset + at++] = (p[i] & 0xff) + 2;
        }
        out[offset + at++] = SEPARATOR;
        for (int i = 0; i < r.length && at < maxBytes; i++) {
            out[offset + at++] = (r[i] & 0xff) + 2;
        }
        while (at < maxBytes) {
            out[offset + at++] = PAD;
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong OPENED = new java.util.concurrent.atomic.AtomicLong();

    /** How many scorers this process has opened (loaded with DJL): a web-role process must show 0 more after an upload. */
    public static long opensInThisProcess() {
        return OPENED.get();
    }

    public static TextScorer open(byte[] parameters, Architecture architecture) {
        OPENED.incrementAndGet();
        Model model = Model.newInstance("text-scorer", ModelEngines.trainingDevice(), ModelEngines.PYTORCH);
        try {
            model.setBlock(load(model.getNDManager(), architecture, parameters));
            return new TextScorer(model, architecture);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    /** One reward per (prompt, reply). */
    public synchronized float[] score(List<String> prompts, List<String> replies) {
        int n = replies.size();
        if (n == 0) {
            return new float[0];
        }
        int length = architecture.maxBytes();
        long[] ids = new long[n * length];
        for (int i = 0; i < n; i++) {
            tokens(prompts.get(i), replies.get(i), length, ids, i * length);
        }
        Device device = model.getNDManager().getDevice();
        try (NDManager scope = model.getNDManager().newSubManager(device)) {
            NDArray input = scope.create(ids, new Shape(n, length));
            return model.getBlock().forward(new ParameterStore(scope, false), new NDList(input), false)
                    .singletonOrThrow().reshape(-1).toFloatArray();
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
