package dev.laurel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.laurel.platform.ModelEngines;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The batch cache's layout, on one tensor of 1 head and headSize 2: rows right-aligned (newest column
 * last) and zero-padded on the left, a joiner written into a free row without touching the others, and a
 * step's present becoming the past. Each source value is {@code base + 10 * column}, the same in both
 * of a position's numbers.
 */
class BatchCacheTest {
    private static final int HEADS = 1;
    private static final int HEAD_SIZE = 2;

    private static OrtEnvironment environment() {
        ModelEngines.start(); // DJL's engine creates the process' ONNX Runtime environment
        return OrtEnvironment.getEnvironment();
    }

    /** A cache of {@code rows} rows and {@code length} columns whose row r holds base r * 100, as sources. */
    private static List<BatchCache.Source> cache(int rows, int length, int base) {
        FloatBuffer data = FloatBuffer.allocate(rows * HEADS * length * HEAD_SIZE);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < length; c++) {
                for (int d = 0; d < HEAD_SIZE; d++) {
                    data.put((r * length + c) * HEAD_SIZE + d, base + 100 * r + 10 * c);
                }
            }
        }
        FloatBuffer[] tensors = {data};
        return java.util.stream.IntStream.range(0, rows).mapToObj(r -> new BatchCache.Source(tensors, length, r)).toList();
    }

    /** Each column's first number, row by row, as the graph would read the past. */
    private static float[][] columns(OnnxTensor tensor) throws OrtException {
        long[] shape = tensor.getInfo().getShape();
        FloatBuffer data = tensor.getFloatBuffer();
        float[][] rows = new float[(int) shape[0]][(int) shape[2]];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                rows[r][c] = data.get((r * rows[r].length + c) * HEAD_SIZE);
            }
        }
        return rows;
    }

    @Test
    void rowsOfDifferentLengthsAreRightAlignedAndZeroPadded() throws OrtException {
        try (BatchCache batch = new BatchCache(environment(), 1, HEADS, HEAD_SIZE, 4, 16)) {
            List<BatchCache.Source> shorter = cache(1, 2, 1000);
            List<BatchCache.Source> longer = cache(2, 5, 2000);
            batch.rebuild(List.of(longer.get(1), shorter.get(0)), 4);
            // the longer row keeps its last 4 columns; the shorter one is padded with masked zeros
            assertArrayEquals(new float[][] {{2110, 2120, 2130, 2140}, {0, 0, 1000, 1010}}, columns(batch.past()[0]));
        }
    }

    @Test
    void aJoinerTakesAFreeRowAndTheOtherRowsStayAsTheyWere() throws OrtException {
        try (BatchCache batch = new BatchCache(environment(), 1, HEADS, HEAD_SIZE, 4, 16)) {
            batch.rebuild(cache(2, 4, 2000), 4);
            OnnxTensor past = batch.past()[0];
            // a prefill of 5 columns (a masked one, then the prompt) whose last 3 are the joiner's own
            batch.fill(0, cache(1, 5, 3000).get(0));
            assertArrayEquals(new float[][] {{3010, 3020, 3030, 3040}, {2100, 2110, 2120, 2130}}, columns(batch.past()[0]));
            assertArrayEquals(new float[][] {{3010, 3020, 3030, 3040}, {2100, 2110, 2120, 2130}}, columns(past),
                    "the past fed to the next step is the same tensor, filled in place");
            batch.fill(1, cache(1, 2, 4000).get(0));
            assertArrayEquals(new float[][] {{3010, 3020, 3030, 3040}, {0, 0, 4000, 4010}}, columns(batch.past()[0]));
        }
    }

    @Test
    void aStepsPresentIsTheNextPastOneColumnLonger() throws OrtException {
        try (BatchCache batch = new BatchCache(environment(), 1, HEADS, HEAD_SIZE, 2, 4)) {
            batch.rebuild(cache(1, 3, 1000), 3);
            OnnxTensor[] present = batch.present();
            // what ONNX Runtime writes into the pinned output: the past and one new column
            FloatBuffer written = (FloatBuffer) present[0].getBufferRef().orElseThrow();
            float[] values = {1000, 1000, 1010, 1010, 1020, 1020, 1030, 1030};
            written.put(0, values);
            batch.advance(present);
            assertArrayEquals(new float[][] {{1000, 1010, 1020, 1030}}, columns(batch.past()[0]));
            assertArrayEquals(new long[] {1, HEADS, 4, HEAD_SIZE}, batch.past()[0].getInfo().getShape());
            org.junit.jupiter.api.Assertions.assertFalse(batch.hasRoomForAStep(), "4 columns is this cache's capacity");
        }
    }
}
