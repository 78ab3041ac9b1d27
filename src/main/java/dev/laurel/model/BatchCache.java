package dev.laurel.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * The KV cache of a batch of sequences decoding together, held in host buffers that Laurel owns: every
 * cache tensor (each layer's key and value) is {@code (rows, heads, length, headSize)} float32, left-padded,
 * newest position last. Two buffers per tensor take turns: a step reads the past from one and ONNX Runtime
 * writes the present (one position longer) straight into the other (pinned outputs), so a step allocates
 * and copies nothing on the host, and the tensors written by one step are the next step's inputs as they
 * are. When the batch changes, a joining sequence's prefilled cache is copied into a free row in place,
 * and only a change of the rows' order or width (rows leave with none to replace them, a joiner is longer
 * than the batch, a quarter of the columns is padding no row attends to) copies the cache once, into the
 * idle buffer.
 */
final class BatchCache implements AutoCloseable {
    /** Rows of one cache to copy from: its tensors' data, its columns, and the row. */
    record Source(FloatBuffer[] tensors, int length, int row) {
    }

    private final OrtEnvironment environment;
    private final int heads;
    private final int headSize;
    private final int columns; // capacity per row
    private final float[] zeros;
    private FloatBuffer[] current;
    private FloatBuffer[] idle;
    private OnnxTensor[] past; // views of current, (rows, heads, length, headSize)
    private int rows;
    private int length;

    /**
     * @param tensors cache tensors (2 per layer)
     * @param columns the longest a row can get: no step writes past it
     */
    BatchCache(OrtEnvironment environment, int tensors, int heads, int headSize, int maxRows, int columns) {
        this.environment = environment;
        this.heads = heads;
        this.headSize = headSize;
        this.columns = columns;
        this.zeros = new float[columns * headSize];
        this.current = buffers(tensors, maxRows);
        this.idle = buffers(tensors, maxRows);
    }

    private FloatBuffer[] buffers(int tensors, int maxRows) {
        FloatBuffer[] buffers = new FloatBuffer[tensors];
        for (int c = 0; c < tensors; c++) {
            long bytes = 4L * maxRows * heads * columns * headSize;
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalStateException("A KV cache tensor of " + maxRows + " rows and " + columns
                        + " positions exceeds 2 GB; lower 'maxBatch' or 'maxTokens'.");
            }
            buffers[c] = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        return buffers;
    }

    int rows() {
        return rows;
    }

    int length() {
        return length;
    }

    /** Whether the next step's present still fits the buffers. */
    boolean hasRoomForAStep() {
        return length + 1 <= columns;
    }

    /** The past to feed, layer by layer (key, value): views of the cache, valid until the batch changes. */
    OnnxTensor[] past() {
        return past;
    }

    /** Where the next step's present goes: views of the idle buffers, one position longer. */
    OnnxTensor[] present() throws OrtException {
        return views(idle, rows, length + 1);
    }

    /** After a step wrote {@code present}: it is the cache now, and the old past is released. */
    void advance(OnnxTensor[] present) {
        close(past);
        past = present;
        swap();
        length++;
    }

    /**
     * The batch becomes {@code sources}, in order, each row keeping its last {@code length} columns (or
     * all of its own, left-padded with zeros, which the masks hide): one copy into the idle buffers.
     */
    void rebuild(List<Source> sources, int newLength) throws OrtException {
        if (newLength > columns) {
            throw new IllegalStateException("A row of " + newLength + " positions exceeds the cache's " + columns + ".");
        }
        for (int c = 0; c < idle.length; c++) {
            for (int row = 0; row < sources.size(); row++) {
                copy(sources.get(row), c, idle[c], row, newLength);
            }
        }
        close(past);
        past = null;
        swap();
        rows = sources.size();
        length = newLength;
        past = rows == 0 ? null : views(current, rows, length);
    }

    /**
     * A sequence takes over row {@code row} (whose sequence finished) in place, keeping the source's last
     * columns (its own must fit); the other rows are not touched.
     */
    void fill(int row, Source source) {
        for (int c = 0; c < current.length; c++) {
            copy(source, c, current[c], row, length);
        }
    }

    /** Row {@code source.row} of the source, right-aligned into row {@code row} of {@code target} of {@code width} columns. */
    private void copy(Source source, int tensor, FloatBuffer target, int row, int width) {
        FloatBuffer from = source.tensors[tensor];
        int keep = Math.min(source.length, width);
        for (int h = 0; h < heads; h++) {
            int targetAt = ((row * heads + h) * width) * headSize;
            int pad = (width - keep) * headSize;
            target.put(targetAt, zeros, 0, pad);
            int sourceAt = ((source.row * heads + h) * source.length + source.length - keep) * headSize;
            target.put(targetAt + pad, from, sourceAt, keep * headSize);
        }
    }

    /** This batch's rows as a source for {@link #rebuild}. */
    Source row(int row) {
        return new Source(current, length, row);
    }

    private OnnxTensor[] views(FloatBuffer[] buffers, int rows, int length) throws OrtException {
        long[] shape = {rows, heads, length, headSize};
        int size = rows * heads * length * headSize;
        OnnxTensor[] views = new OnnxTensor[buffers.length];
        try {
            for (int c = 0; c < buffers.length; c++) {
                views[c] = OnnxTensor.createTensor(environment, buffers[c].slice(0, size), shape);
            }
        } catch (OrtException | RuntimeException e) {
            close(views);
            throw e;
        }
        return views;
    }

    private void swap() {
        FloatBuffer[] swapped = current;
        current = idle;
        idle = swapped;
    }

    static void close(OnnxTensor[] tensors) {
        if (tensors != null) {
            for (OnnxTensor tensor : tensors) {
                if (tensor != null) {
                    tensor.close();
                }
            }
        }
    }

    @Override
    public void close() {
        close(past);
        past = null;
    }
}
