package dev.laurel.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.onnxruntime.engine.OrtNDManager;
import ai.djl.onnxruntime.engine.OrtSymbolBlock;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.laurel.platform.ModelEngines;
import java.nio.file.Path;

/**
 * ONNX Runtime sessions of candidate graphs, every one opened with the same options (cached and
 * uncached decoding, scoring). Laurel opens them itself rather than through DJL's {@code Criteria}:
 * DJL 0.32's engine takes options as strings only (it applies intra-op threads only together with
 * inter-op threads, can turn memory patterns on but not off, and has no config entries), and it keeps
 * the session to itself, which {@link CachedDecoding} runs directly. The session is then handed to DJL
 * as its block, so the rest of Laurel runs it through DJL as before.
 */
final class OnnxSessions {
    private OnnxSessions() {
    }

    /** A session of the graph in {@code file}, on the GPU when {@code device} is one (ONNX Runtime's CUDA build). */
    static OrtSession open(Path file, Device device) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // the graphs' shapes change at every step (the sequence or the cache grows by one): a memory
            // pattern is planned for each new shape and never reused, so planning is pure overhead
            options.setMemoryPatternOptimization(false);
            if (device.isGpu()) {
                options.addCUDA(device.getDeviceId());
            }
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        }
    }

    /** The session as a DJL model (closing the model closes the session). */
    static ZooModel<NDList, NDList> djlModel(OrtSession session, Device device) {
        Model model = Model.newInstance("model", device, ModelEngines.ONNX_RUNTIME);
        model.setBlock(new OrtSymbolBlock(session, (OrtNDManager) model.getNDManager()));
        return new ZooModel<>(model, new NoopTranslator(null));
    }
}
