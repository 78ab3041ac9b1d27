package dev.laurel.rewardmodel;

import ai.djl.Model;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A reward model whose encoder was fine-tuned with its head ({@link EndToEndTrainer}): text in, reward
 * out. The network is {@link MiniLm} over the prompt and over the reply, then the {@link RewardHead}'s
 * MLP over the same features as the frozen mode ({@code [reply, prompt ⊙ reply]}); its parameters
 * (encoder and head, about 90 MB) are one artifact. Prompts are cut from their start and replies from
 * their end to the window, as in the frozen mode.
 */
public final class EndToEndRewardModel implements TextRewards {
    public static final String FORMAT = "laurel-end-to-end-reward-model/1";

    /** The shape of the network; saved in the manifest, needed to read the parameters back. */
    public record Architecture(int hiddenSize, float headDropout, float encoderDropout, int maxTokens) {
        public Map<String, Object> toManifest() {
            return Map.of("encoder", SentenceEncoder.NAME, "embeddingSize", MiniLm.HIDDEN, "hiddenSize", hiddenSize,
                    "headDropout", headDropout, "encoderDropout", encoderDropout, "maxTokens", maxTokens);
        }

        public static Architecture fromManifest(Map<String, Object> shape) {
            return new Architecture(((Number) shape.get("hiddenSize")).intValue(),
                    ((Number) shape.get("headDropout")).floatValue(), ((Number) shape.get("encoderDropout")).floatValue(),
                    ((Number) shape.get("maxTokens")).intValue());
        }

        RewardHead.Architecture head() {
            return new RewardHead.Architecture(MiniLm.HIDDEN, hiddenSize, headDropout);
        }
    }

    /**
     * Encoder and head as one block. Input: the prompts' ids, mask and types ({@code n} rows), then the
     * replies' ({@code m} rows, a multiple of {@code n}: reply {@code i} belongs to prompt {@code i mod n}), or
     * any number of replies and a seventh input, an {@code m × n} one-hot matrix naming each reply's prompt
     * (prompt groups, {@link PromptGroup}: every text encoded once). Output: one reward per reply.
     */
    static final class Network extends AbstractBlock {
        private final MiniLm encoder;
        private final Block head;
        private final Architecture architecture;

        Network(Architecture architecture) {
            super((byte) 1);
            this.architecture = architecture;
            this.encoder = addChildBlock("encoder", new MiniLm(architecture.encoderDropout()));
            this.head = addChildBlock("head", RewardHead.block(architecture.head()));
        }

        MiniLm encoder() {
            return encoder;
        }

        /**
         * Copies a trained {@link RewardHead} block's parameters (as its trainer saves them) into this
         * network's head, in place: a trainer's parameter store keeps using the arrays it already holds.
         */
        void loadHead(byte[] parameters) {
            NDManager manager = head.getParameters().valueAt(0).getArray().getManager();
            try (NDManager scope = manager.newSubManager()) {
                Block trained = RewardHead.block(architecture.head());
                RewardHead.readParameters(trained, scope, parameters, architecture.head(), new Shape(1, 2L * MiniLm.HIDDEN));
                for (int i = 0; i < head.getParameters().size(); i++) {
                    head.getParameters().valueAt(i).getArray().set(trained.getParameters().valueAt(i).getArray().toFloatArray());
                }
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray prompts = encoder.forward(store, new NDList(inputs.get(0), inputs.get(1), inputs.get(2)), training)
                    .singletonOrThrow();
            NDArray replies = encoder.forward(store, new NDList(inputs.get(3), inputs.get(4), inputs.get(5)), training)
                    .singletonOrThrow();
            NDArray prompt;
            if (inputs.size() > 6) {
                // (replies × prompts) one-hot: each reply's prompt vector, the gradient summed back into its prompt
                prompt = inputs.get(6).matMul(prompts);
            } else {
                long repeats = replies.getShape().get(0) / prompts.getShape().get(0);
                NDList copies = new NDList();
                for (int i = 0; i < repeats; i++) {
                    copies.add(prompts);
                }
                prompt = repeats == 1 ? prompts : NDArrays.concat(copies);
            }
            NDArray features = replies.concat(prompt.mul(replies), 1);
            return head.forward(store, new NDList(features), training);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            encoder.initialize(manager, dataType, inputShapes[0], inputShapes[1], inputShapes[2]);
            head.initialize(manager, dataType, new Shape(1, 2L * MiniLm.HIDDEN));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[3].get(0), 1)};
        }
    }

    /** Turns (prompt, reply) texts into the network's six inputs, each text cut to the window. */
    static final class Tokens implements AutoCloseable {
        private final HuggingFaceTokenizer tokenizer;
        private final SentenceEncoder.PromptWindow window;

        Tokens(int maxTokens) {
            try {
                this.tokenizer = SentenceEncoder.tokenizer(maxTokens);
                this.window = SentenceEncoder.PromptWindow.of(maxTokens);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** {@code replies} holds a multiple of {@code prompts.size()} texts, as {@link Network} reads them. */
        NDList inputs(NDManager manager, List<String> prompts, List<String> replies) {
            return inputs(manager, prompts, replies, null);
        }

        /** Prompt groups' texts, each encoded once, with {@code replyPrompt} from {@link PromptGroup.Batch}. */
        NDList inputs(NDManager manager, List<PromptGroup> groups, PromptGroup.Batch batch) {
            return inputs(manager, PromptGroup.prompts(groups), PromptGroup.replies(groups), batch.replyPrompt());
        }

        private NDList inputs(NDManager manager, List<String> prompts, List<String> replies, NDArray replyPrompt) {
            NDList in = new NDList(7);
            in.addAll(prompts(manager, prompts));
            in.addAll(replies(manager, replies));
            if (replyPrompt != null) {
                in.add(replyPrompt);
            }
            return in;
        }

        /** The encoder's three inputs for prompts, each cut from its start to the window. */
        NDList prompts(NDManager manager, List<String> prompts) {
            return replies(manager, prompts.stream().map(window::latest).toList());
        }

        /** The encoder's three inputs for replies, each cut from its end to the window. */
        NDList replies(NDManager manager, List<String> replies) {
            return MiniLm.inputs(manager, Arrays.asList(tokenizer.batchEncode(replies)));
        }

        @Override
        public void close() {
            tokenizer.close();
            window.close();
        }
    }

    static Shape[] inputShapes() {
        Shape[] encoder = MiniLm.inputShapes(1, 8);
        return new Shape[] {encoder[0], encoder[1], encoder[2], encoder[0], encoder[1], encoder[2]};
    }

    private static final int SCORE_BATCH = 16;

    private final Model model;
    private final Architecture architecture;
    private final Tokens tokens;

    private EndToEndRewardModel(Model model, Architecture architecture) {
        this.model = model;
        this.architecture = architecture;
        this.tokens = new Tokens(architecture.maxTokens());
    }

    /** Reads parameters saved by {@link EndToEndTrainer} onto the training device. */
    public static EndToEndRewardModel load(byte[] parameters, Architecture architecture) {
        return new EndToEndRewardModel(RewardHead.loadModel("end-to-end-reward-model", new Network(architecture), parameters,
                architecture, inputShapes()), architecture);
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The fine-tuned encoder (tests compare it with the shipped one). */
    MiniLm encoder() {
        return ((Network) model.getBlock()).encoder();
    }

    /** One reward per (prompt, reply), texts given, without dropout. */
    @Override
    public synchronized float[] score(List<String> prompts, List<String> replies) {
        if (prompts.size() != replies.size()) {
            throw new IllegalArgumentException("one prompt per reply");
        }
        float[] out = new float[replies.size()];
        for (int start = 0; start < replies.size(); start += SCORE_BATCH) {
            int end = Math.min(replies.size(), start + SCORE_BATCH);
            try (NDManager scope = model.getNDManager().newSubManager()) {
                NDList in = tokens.inputs(scope, new ArrayList<>(prompts.subList(start, end)), replies.subList(start, end));
                float[] part = model.getBlock().forward(new ParameterStore(scope, false), in, false)
                        .singletonOrThrow().reshape(-1).toFloatArray();
                System.arraycopy(part, 0, out, start, part.length);
            }
        }
        return out;
    }

    @Override
    public void close() {
        tokens.close();
        model.close();
    }
}
