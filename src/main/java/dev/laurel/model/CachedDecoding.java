package dev.laurel.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generation with a decoder graph's KV cache ({@link ModelManifest.KvCache}): a prefill pass over the
 * prompts, then one token per sequence per step, feeding the cache back. At most {@code maxBatch}
 * sequences decode together; a finished one leaves the batch at once and waiting prompts join it
 * (iteration-level batching).
 *
 * <p>The batch keeps one cache, left-padded: every sequence's newest token is in the last column, so a
 * step feeds one token per row and the graph's own output tensors go back in unchanged (no copy per
 * token). Padding columns are masked, and each row's position ids count its real tokens only. The
 * cache is rebuilt on the host only when the batch changes: rows that stay are kept, joiners' prefilled
 * caches are appended, all left-padded to one length, and columns that no remaining row uses are cut.
 * Per-sequence caches concatenated at every step would be as correct but copy the whole cache for
 * every token; a rebuild copies it once per change of the batch, and a row that finishes while prompts
 * wait is dropped by the same rebuild that adds its replacement (not by one of its own).
 *
 * <p>Every step's tensors live in a child manager that is closed once the next step holds the cache.
 */
final class CachedDecoding {
    private final ZooModel<NDList, NDList> model;
    private final ModelManifest manifest;
    private final ModelManifest.KvCache cache;
    private final long pad;

    CachedDecoding(ZooModel<NDList, NDList> model, ModelManifest manifest) {
        this.model = model;
        this.manifest = manifest;
        this.cache = manifest.cache();
        this.pad = manifest.padTokenId() == null ? 0 : manifest.padTokenId();
        Set<String> declared = new TreeSet<>(manifest.inputsOrDefault());
        for (int i = 0; i < cache.layers(); i++) {
            declared.addAll(cache.past(i));
        }
        Set<String> graph = new TreeSet<>(model.getBlock().describeInput().keys());
        if (!graph.isEmpty() && !graph.equals(declared)) {
            throw new IllegalStateException("The graph's inputs are " + graph + "; the manifest's 'inputs' and 'cache' declare "
                    + declared + ".");
        }
    }

    /** One sequence: its prompt, what it generated, and its columns of the batch cache. */
    static final class Sequence {
        final long[] prompt;
        final Random random;
        final List<Long> generated = new ArrayList<>();
        int picks;
        long next;
        int length; // real tokens in the cache (the position of the next token)
        long[] mask; // over the batch cache's columns

        Sequence(long[] prompt, Random random) {
            this.prompt = prompt;
            this.random = random;
        }
    }

    /**
     * Generates for every sequence until its end-of-text token or {@code maxTokens} picks; without a
     * pad token (padding convention unknown) the sequences decode one at a time.
     */
    void generate(List<Sequence> sequences, Sampling sampling, int maxTokens) {
        int slots = manifest.batchesPrompts() ? manifest.maxBatchOrDefault() : 1;
        Deque<Sequence> waiting = new ArrayDeque<>(sequences);
        List<Sequence> active = new ArrayList<>();
        List<Sequence> pastRows = List.of(); // the sequence of each row of past (finished ones included until a rebuild)
        NDList past = null;
        int pastLength = 0;
        NDManager held = null; // owns the current cache
        try (NDManager root = model.getNDManager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(root, false);
            while (!waiting.isEmpty() || !active.isEmpty()) {
                if (!waiting.isEmpty() && active.size() < slots) {
                    List<Sequence> joining = new ArrayList<>();
                    while (!waiting.isEmpty() && active.size() + joining.size() < slots) {
                        joining.add(waiting.poll());
                    }
                    NDManager manager = root.newSubManager();
                    Prefill prefill = prefill(manager, parameters, joining, sampling, maxTokens);
                    List<Sequence> staying = joining.stream().filter(s -> !finished(s, maxTokens)).toList();
                    List<Part> parts = new ArrayList<>();
                    if (!active.isEmpty()) {
                        parts.add(new Part(past, pastLength, pastRows, List.copyOf(active)));
                    }
                    if (!staying.isEmpty()) {
                        parts.add(new Part(prefill.present, prefill.length, joining, staying));
                    }
                    active.addAll(staying);
                    past = regroup(manager, parts);
                    pastLength = past == null ? 0 : Math.toIntExact(past.get(0).getShape().get(2));
                    pastRows = List.copyOf(active);
                    close(held);
                    held = manager;
                    if (active.isEmpty()) {
                        continue;
                    }
                }
                NDManager manager = root.newSubManager();
                NDList out = step(manager, parameters, active, past, pastLength);
                float[][] logits = lastLogits(logits(out), active.size());
                pastLength++;
                past = present(out, active.size(), pastLength);
                close(held);
                held = manager;
                List<Sequence> staying = new ArrayList<>(active.size());
                for (int r = 0; r < active.size(); r++) {
                    Sequence s = active.get(r);
                    s.mask = Arrays.copyOf(s.mask, pastLength);
                    s.mask[pastLength - 1] = 1;
                    s.length++;
                    pick(s, logits[r], sampling);
                    if (!finished(s, maxTokens)) {
                        staying.add(s);
                    }
                }
                pastRows = List.copyOf(active);
                if (staying.size() < active.size()) {
                    active = staying;
                    // waiting prompts take the free rows at the top of the loop, in the same rebuild
                    if (waiting.isEmpty()) {
                        NDManager trimmed = root.newSubManager();
                        past = regroup(trimmed, active.isEmpty() ? List.of() : List.of(new Part(past, pastLength, pastRows, active)));
                        pastLength = past == null ? 0 : Math.toIntExact(past.get(0).getShape().get(2));
                        pastRows = List.copyOf(active);
                        close(held);
                        held = trimmed;
                    }
                }
            }
        }
    }

    private record Prefill(NDList present, int length) {
    }

    /**
     * Runs the joining prompts, left-padded to one length, and picks their first tokens. DJL's ONNX
     * Runtime engine cannot create a tensor of 0 elements, so the past is one masked column of zeros
     * rather than empty; it is cut once no row of the batch needs the column.
     */
    private Prefill prefill(NDManager manager, ParameterStore parameters, List<Sequence> joining, Sampling sampling, int maxTokens) {
        int rows = joining.size();
        int length = joining.stream().mapToInt(s -> s.prompt.length).max().orElse(0);
        long[][] ids = new long[rows][length];
        long[][] mask = new long[rows][1 + length];
        long[][] positions = new long[rows][length];
        for (int r = 0; r < rows; r++) {
            Sequence s = joining.get(r);
            int offset = length - s.prompt.length;
            Arrays.fill(ids[r], 0, offset, pad);
            for (int t = 0; t < s.prompt.length; t++) {
                ids[r][offset + t] = s.prompt[t];
                mask[r][1 + offset + t] = 1;
                positions[r][offset + t] = t;
            }
            s.mask = mask[r];
            s.length = s.prompt.length;
        }
        NDList inputs = inputs(manager, manifest, ids, mask, positions);
        for (int i = 0; i < cache.layers(); i++) {
            for (String name : cache.past(i)) {
                NDArray masked = manager.zeros(new Shape(rows, cache.heads(), 1, cache.headSize()), DataType.FLOAT32);
                masked.setName(name);
                inputs.add(masked);
            }
        }
        NDList out = model.getBlock().forward(parameters, inputs, false);
        float[][] logits = lastLogits(logits(out), rows);
        for (int r = 0; r < rows; r++) {
            pick(joining.get(r), logits[r], sampling);
        }
        return new Prefill(present(out, rows, 1 + length), 1 + length);
    }

    /** One token per active sequence, on top of the batch cache. */
    private NDList step(NDManager manager, ParameterStore parameters, List<Sequence> active, NDList past, int pastLength) {
        int rows = active.size();
        long[][] ids = new long[rows][1];
        long[][] mask = new long[rows][];
        long[][] positions = new long[rows][1];
        for (int r = 0; r < rows; r++) {
            Sequence s = active.get(r);
            ids[r][0] = s.next;
            mask[r] = Arrays.copyOf(s.mask, pastLength + 1);
            mask[r][pastLength] = 1;
            positions[r][0] = s.length;
        }
        NDList inputs = inputs(manager, manifest, ids, mask, positions);
        for (int i = 0; i < cache.layers(); i++) {
            List<String> names = cache.past(i);
            for (int kv = 0; kv < 2; kv++) {
                NDArray array = past.get(2 * i + kv);
                array.setName(names.get(kv));
                inputs.add(array);
            }
        }
        return model.getBlock().forward(parameters, inputs, false);
    }

    /** The manifest's named inputs (token type ids are zeros). */
    static NDList inputs(NDManager manager, ModelManifest manifest, long[][] ids, long[][] mask, long[][] positions) {
        NDList inputs = new NDList();
        for (String name : manifest.inputsOrDefault()) {
            NDArray array = manager.create(switch (name) {
                case "input_ids" -> ids;
                case "attention_mask" -> mask;
                case "position_ids" -> positions;
                default -> new long[ids.length][ids[0].length];
            });
            array.setName(name);
            inputs.add(array);
        }
        return inputs;
    }

    private static NDArray logits(NDList out) {
        return out.get(0);
    }

    /**
     * The present key and value of every layer, in layer order. DJL's ONNX Runtime engine does not name
     * its outputs, so they are taken in the order Optimum exports them (logits first) and their shapes
     * checked against the manifest's cache.
     */
    private NDList present(NDList out, int rows, int length) {
        int expected = 1 + 2 * cache.layers();
        if (out.size() != expected) {
            throw new IllegalStateException("The graph returns " + out.size() + " outputs; with a 'cache' of " + cache.layers()
                    + " layers it must return " + expected + ": logits, then each layer's present key and value.");
        }
        Shape shape = new Shape(rows, cache.heads(), length, cache.headSize());
        NDList present = new NDList();
        for (int i = 1; i < expected; i++) {
            if (!out.get(i).getShape().equals(shape)) {
                throw new IllegalStateException("The graph's output " + (i + 1) + " has shape " + out.get(i).getShape()
                        + " where the manifest's 'cache' expects " + shape + " (batch, heads, positions, headSize).");
            }
            present.add(out.get(i));
        }
        return present;
    }

    private void pick(Sequence s, float[] logits, Sampling sampling) {
        long token = sampling.pick(logits, s.random);
        s.picks++;
        if (manifest.eosTokenId() != null && token == manifest.eosTokenId()) {
            s.next = -1;
            return;
        }
        s.generated.add(token);
        s.next = token;
    }

    private static boolean finished(Sequence s, int maxTokens) {
        return s.next < 0 || s.picks >= maxTokens;
    }

    /** The logits of the last position of each row, as floats: (rows, time, vocabulary) in. */
    static float[][] lastLogits(NDArray logits, int rows) {
        float[] all = logits.getDataType() == DataType.FLOAT32 ? logits.toFloatArray()
                : logits.get(new ai.djl.ndarray.index.NDIndex(":, -1:, :")).toType(DataType.FLOAT32, false).toFloatArray();
        int width = Math.toIntExact(logits.getShape().get(2));
        int time = all.length / rows / width;
        float[][] perRow = new float[rows][];
        for (int r = 0; r < rows; r++) {
            int start = (r * time + time - 1) * width;
            perRow[r] = Arrays.copyOfRange(all, start, start + width);
        }
        return perRow;
    }

    /** Rows of one cache to carry over: the cache, its columns, the sequence of each of its rows, and which to keep. */
    private record Part(NDList past, int length, List<Sequence> rows, List<Sequence> kept) {
        /** Leading columns that none of the kept rows attends to. */
        int unused() {
            return unusedColumns(kept, length);
        }
    }

    /**
     * The new batch cache after rows left or joined (null when none remain): the parts' kept rows in
     * order, left-padded to one length, leading columns that no kept row attends to cut, and every kept
     * sequence's mask made to match. One host copy of the cache per change of the batch.
     */
    private NDList regroup(NDManager manager, List<Part> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        int length = parts.stream().mapToInt(p -> p.length - p.unused()).max().orElseThrow();
        for (Part part : parts) {
            int unused = part.unused();
            for (Sequence s : part.kept) {
                s.mask = leftPad(Arrays.copyOfRange(s.mask, unused, part.length), length);
            }
        }
        return rebuild(manager, parts, length);
    }

    /**
     * A new batch cache: the parts' kept rows in order, each keeping its last {@code length} columns (or
     * all, left-padded with zeros, which the masks hide).
     */
    private NDList rebuild(NDManager manager, List<Part> parts, int length) {
        NDList rebuilt = new NDList();
        int rows = parts.stream().mapToInt(p -> p.kept.size()).sum();
        for (int c = 0; c < 2 * cache.layers(); c++) {
            NDArray first = parts.get(0).past.get(c);
            DataType type = first.getDataType();
            int heads = Math.toIntExact(first.getShape().get(1));
            int width = Math.toIntExact(first.getShape().get(3)) * type.getNumOfBytes(); // bytes per position
            ByteBuffer target = ByteBuffer.allocateDirect(rows * heads * length * width).order(ByteOrder.nativeOrder());
            int row = 0;
            for (Part part : parts) {
                ByteBuffer source = part.past.get(c).toByteBuffer();
                int keep = Math.min(part.length, length);
                for (Sequence s : part.kept) {
                    int from = part.rows.indexOf(s);
                    for (int h = 0; h < heads; h++) {
                        int sourceAt = ((from * heads + h) * part.length + part.length - keep) * width;
                        int targetAt = ((row * heads + h) * length + length - keep) * width;
                        target.put(targetAt, source, sourceAt, keep * width);
                    }
                    row++;
                }
            }
            rebuilt.add(manager.create(target, new Shape(rows, heads, length, first.getShape().get(3)), type));
        }
        return rebuilt;
    }

    /** Leading columns that none of the rows attends to. */
    private static int unusedColumns(List<Sequence> rows, int length) {
        int unused = 0;
        while (unused < length - 1) {
            int column = unused;
            if (rows.stream().anyMatch(s -> s.mask[column] != 0)) {
                break;
            }
            unused++;
        }
        return unused;
    }

    private static long[] leftPad(long[] mask, int length) {
        long[] padded = new long[length];
        System.arraycopy(mask, 0, padded, length - mask.length, mask.length);
        return padded;
    }

    private static void close(NDManager manager) {
        if (manager != null) {
            manager.close();
        }
    }
}
