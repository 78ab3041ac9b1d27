package dev.laurel.platform;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Process-wide DJL setup. Engines and models must never be downloaded at run time (the native jars
 * are bundled), and DJL's OnnxRuntime engine must exist before anything else (langchain4j, for one)
 * creates the process' single {@code OrtEnvironment} with other options.
 */
public final class ModelEngines {
    public static final String ONNX_RUNTIME = "OnnxRuntime";
    public static final String PYTORCH = "PyTorch";

    /**
     * DJL's PyTorch engine allows one gradient collector per process at a time ({@code PtGradientCollector}: "only one
     * can be collecting at a time"). Every training step holds this lock while it collects, so two trainings in one
     * process (the embedded default: the demo's char-LSTM and a reward model) take turns by step instead of failing.
     */
    public static final Object GRADIENTS = new Object();

    private ModelEngines() {
    }

    /** Idempotent; call before the first use of DJL or ONNX Runtime. */
    public static synchronized void start() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Engine.getEngine(ONNX_RUNTIME);
    }

    public static Engine pytorch() {
        start();
        return Engine.getEngine(PYTORCH);
    }

    /** The first GPU when PyTorch sees one, else the CPU. */
    public static Device trainingDevice() {
        Engine engine = pytorch();
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
