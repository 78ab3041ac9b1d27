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
 * ONNX Runtime sessions of candidate graphs, opened by Laurel rather than through DJL's {@code Criteria}
 * because DJL 0.32's engine keeps its session to itself and {@link CachedDecoding} runs the session
 * directly. The session is then handed to DJL as its block, so the rest of Laurel (uncached decoding,
 * scoring) runs it through DJL as before. Every graph gets ONNX Runtime's default options, as through
 * DJL: on this 2-core machine one intra-op thread made both the tiny GPT's cached and uncached decoding
 * slower, and turning off spinning or memory patterns, or basic graph optimization only, changed neither beyond
 * the noise.
 */
final class OnnxSessions {
    private OnnxSessions() {
    }

    /** A session of the graph in {@code file}, on the GPU when {@code device} is one (ONNX Runtime's CUDA build). */
    static OrtSession open(Path file, Device device) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
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
