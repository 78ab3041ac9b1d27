package dev.laurel.rewardmodel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float initializers and the node list of an ONNX graph, read straight from its protobuf bytes
 * (ModelProto → GraphProto → NodeProto, TensorProto): enough to lift trained weights out of an
 * exported model without a protobuf runtime on the class path. Field numbers are those of onnx.proto3.
 */
public final class OnnxWeights {

    /** One initializer: its shape and values (row-major, as stored). */
    public record Tensor(String name, long[] dims, float[] values) {
    }

    /** One graph node: operator, input and output value names. */
    public record Node(String opType, List<String> inputs, List<String> outputs) {
    }

    private static final int FLOAT = 1;

    private final Map<String, Tensor> tensors;
    private final List<Node> nodes;

    private OnnxWeights(Map<String, Tensor> tensors, List<Node> nodes) {
        this.tensors = tensors;
        this.nodes = nodes;
    }

    /** Parses a serialised ModelProto; non-float initializers are skipped. */
    public static OnnxWeights read(byte[] model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        Reader top = new Reader(ByteBuffer.wrap(model));
        while (top.hasMore()) {
            int key = top.varint32();
            if (key >>> 3 == 7 && (key & 7) == 2) { // ModelProto.graph
                Reader graph = top.message();
                while (graph.hasMore()) {
                    int field = graph.varint32();
                    if (field >>> 3 == 1 && (field & 7) == 2) {
                        nodes.add(node(graph.message()));
                    } else if (field >>> 3 == 5 && (field & 7) == 2) {
                        Tensor tensor = tensor(graph.message());
                        if (tensor != null) {
                            tensors.put(tensor.name(), tensor);
                        }
                    } else {
                        graph.skip(field);
                    }
                }
            } else {
                top.skip(key);
            }
        }
        return new OnnxWeights(tensors, nodes);
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The initializer of this name; an exported model always has the weights it names. */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("The ONNX graph has no float initializer " + name);
        }
        return tensor;
    }

    private static Node node(Reader in) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        while (in.hasMore()) {
            int key = in.varint32();
            switch (key) {
                case (1 << 3) | 2 -> inputs.add(in.string());
                case (2 << 3) | 2 -> outputs.add(in.string());
                case (4 << 3) | 2 -> op = in.string();
                default -> in.skip(key);
            }
        }
        return new Node(op, List.copyOf(inputs), List.copyOf(outputs));
    }

    private static Tensor tensor(Reader in) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        float[] floats = null;
        ByteBuffer raw = null;
        while (in.hasMore()) {
            int key = in.varint32();
            switch (key) {
                case (1 << 3) -> dims.add(in.varint64());
                case (1 << 3) | 2 -> {
                    Reader packed = in.message();
                    while (packed.hasMore()) {
                        dims.add(packed.varint64());
                    }
                }
                case (2 << 3) -> type = (int) in.varint64();
                case (4 << 3) | 2 -> {
                    ByteBuffer packed = in.bytes();
                    floats = new float[packed.remaining() / 4];
                    packed.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
                }
                case (8 << 3) | 2 -> name = in.string();
                case (9 << 3) | 2 -> raw = in.bytes();
                default -> in.skip(key);
            }
        }
        if (type != FLOAT) {
            return null;
        }
        if (raw != null) {
            floats = new float[raw.remaining() / 4];
            raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        return new Tensor(name, shape, floats == null ? new float[0] : floats);
    }

    /** Protobuf wire format over a slice of bytes. */
    private static final class Reader {
        private final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        boolean hasMore() {
            return buffer.hasRemaining();
        }

        long varint64() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = buffer.get();
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("malformed varint in the ONNX file");
        }

        int varint32() {
            return (int) varint64();
        }

        ByteBuffer bytes() {
            int length = (int) varint64();
            ByteBuffer slice = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            return slice;
        }

        Reader message() {
            return new Reader(bytes());
        }

        String string() {
            return StandardCharsets.UTF_8.decode(bytes()).toString();
        }

        void skip(int key) {
            switch (key & 7) {
                case 0 -> varint64();
                case 1 -> buffer.position(buffer.position() + 8);
                case 2 -> bytes();
                case 5 -> buffer.position(buffer.position() + 4);
                default -> throw new IllegalArgumentException("unsupported protobuf wire type " + (key & 7));
            }
        }
    }
}
