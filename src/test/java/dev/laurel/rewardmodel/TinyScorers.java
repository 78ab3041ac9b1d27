package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.laurel.platform.ModelEngines;

/** Scorer parameter files as a model team makes them with DJL, for the tests that upload one. */
public final class TinyScorers {
    public static final String SIZES = "maxBytes=128&embeddingSize=8&channels=16&hiddenSize=16";
    public static final TextScorer.Architecture ARCHITECTURE = new TextScorer.Architecture(128, 8, 16, 16);

    private TinyScorers() {
    }

    /** Build the known architecture, initialise it, save its parameters ({@code Block.saveParameters}). */
    public static byte[] fresh(TextScorer.Architecture architecture) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelEngines.PYTORCH)) {
            Block block = TextScorer.block(architecture);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, architecture.maxBytes()));
            return ScorerFineTuner.parameters(block);
        }
    }
}
