package dev.laurel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A character-level language model Laurel knows how to build, so a team (or a test, with no Python
 * around to make TorchScript) can upload DJL's own saved parameters for it: one-hot characters →
 * LSTM → a linear layer giving the next character's logits.
 *
 * <p>Input: token ids (batch, time) as int64, optionally followed by the LSTM state (h, c). Output:
 * logits (batch, time, vocabulary), then the new state (h, c), each (layers, batch, hidden).
 */
public final class CharLstm extends AbstractBlock {
    public static final String ARCHITECTURE = "char-lstm";
    private static final byte VERSION = 1;

    private final int vocabulary;
    private final int hidden;
    private final int layers;
    private final LSTM lstm;
    private final Linear head;

    public CharLstm(int vocabulary, int hidden, int layers) {
        super(VERSION);
        this.vocabulary = vocabulary;
        this.hidden = hidden;
        this.layers = layers;
        this.lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hidden).setNumLayers(layers)
                .optBatchFirst(true).optReturnState(true).build());
        this.head = addChildBlock("head", Linear.builder().setUnits(vocabulary).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray characters = inputs.get(0).oneHot(vocabulary);
        NDList recurrent = new NDList(characters);
        if (inputs.size() == 3) {
            recurrent.add(inputs.get(1));
            recurrent.add(inputs.get(2));
        }
        NDList out = lstm.forward(parameters, recurrent, training);
        NDArray logits = head.forward(parameters, new NDList(out.get(0)), training).singletonOrThrow();
        return new NDList(logits, out.get(1), out.get(2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        long batch = inputs[0].get(0);
        long time = inputs[0].get(1);
        Shape state = new Shape(layers, batch, hidden);
        return new Shape[] {new Shape(batch, time, vocabulary), state, state};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long batch = inputs[0].get(0);
        long time = inputs[0].get(1);
        lstm.initialize(manager, dataType, new Shape(batch, time, vocabulary));
        head.initialize(manager, dataType, new Shape(batch, time, hidden));
    }
}
