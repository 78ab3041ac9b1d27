package dev.laurel.rewardmodel;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import dev.laurel.platform.ModelEngines;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The reward model's trainable part: a small MLP from a (prompt, reply) feature vector to one number.
 *
 * <p>Features are {@code [reply, prompt ⊙ reply]} over unit-length sentence embeddings. Not the reply
 * alone: it cannot tell whether a reply answers <em>this</em> prompt. Not the plain prompt vector
 * either: the Bradley-Terry loss only sees {@code r(chosen) − r(rejected)} for one prompt, so anything
 * that depends on the prompt alone cancels out and cannot be learned; the element-wise product carries
 * the prompt–reply agreement (its sum is their cosine) into the head instead.
 */
public final class RewardHead implements AutoCloseable {
    public static final String ENGINE = ModelEngines.PYTORCH;

    /** The shape of the head; saved in the manifest, needed to read the parameters back. */
    public record Architecture(int embeddingSize, int hiddenSize, float dropout) {
        public int inputSize() {
            return 2 * embeddingSize;
        }
    }

    private final Model model;
    private final Architecture architecture;

    private RewardHead(Model model, Architecture architecture) {
        this.model = model;
        this.architecture = architecture;
    }

    /** A fresh, uninitialised block of this architecture. */
    public static Block block(Architecture architecture) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(architecture.hiddenSize()).build())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(architecture.dropout()).build())
                .add(Linear.builder().setUnits(1).build());
    }

    /** Writes the features of one (prompt, reply) into {@code out} from {@code offset}. */
    public static void features(float[] prompt, float[] reply, float[] out, int offset) {
        int size = reply.length;
        System.arraycopy(reply, 0, out, offset, size);
        for (int d = 0; d < size; d++) {
            out[offset + size + d] = prompt[d] * reply[d];
        }
    }

    /** Reads parameters saved by {@link RewardHeadTrainer} onto the training device. */
    public static RewardHead load(byte[] parameters, Architecture architecture) {
        return new RewardHead(loadModel("reward-head", block(architecture), parameters, architecture,
                new Shape(1, architecture.inputSize())), architecture);
    }

    /** A model on the training device holding {@code block} with saved parameters (of either training mode). */
    static Model loadModel(String name, Block block, byte[] parameters, Object architecture, Shape... inputShapes) {
        Model model = Model.newInstance(name, ModelEngines.trainingDevice(), ENGINE);
        try {
            readParameters(block, model.getNDManager(), parameters, architecture, inputShapes);
            model.setBlock(block);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Initialises {@code block} on {@code manager} and fills it with saved parameters. */
    static void readParameters(Block block, NDManager manager, byte[] parameters, Object architecture, Shape... inputShapes) {
        try {
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, inputShapes);
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("The parameters do not fit the architecture " + architecture, e);
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    /** One reward per (prompt, reply), embeddings given. */
    public synchronized float[] score(float[][] prompts, float[][] replies) {
        if (prompts.length != replies.length) {
            throw new IllegalArgumentException("one prompt per reply");
        }
        if (replies.length == 0) {
            return new float[0];
        }
        int width = architecture.inputSize();
        float[] x = new float[replies.length * width];
        for (int i = 0; i < replies.length; i++) {
            features(prompts[i], replies[i], x, i * width);
        }
        try (NDManager scope = model.getNDManager().newSubManager()) {
            NDArray input = scope.create(x, new Shape(replies.length, width));
            NDList out = model.getBlock().forward(new ParameterStore(scope, false), new NDList(input), false);
            return out.singletonOrThrow().reshape(-1).toFloatArray();
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
