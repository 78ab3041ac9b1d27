package dev.laurel.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generation with a decoder graph's KV cache ({@link ModelManifest.KvCache}): a prefill pass over the
 * prompts, then one token per sequence per step, feeding the cache back. At most {@code maxBatch}
 * sequences decode together; a finished one leaves the batch at once and waiting prompts join it
 * (iteration-level batching).
 *
 * <p>The graph runs on the ONNX Runtime session directly, not through DJL's block: a one-token step of a
 * small graph costs a few hundred microseconds, and DJL's per-call managers, array wrappers and output
 * copies were a measurable share of it. The batch keeps one cache ({@link BatchCache}), left-padded so
 * that every sequence's newest token is in the last column: a step feeds one token per row, ONNX Runtime
 * writes the present into Laurel's buffers, and that is the next step's past. Padding columns are masked
 * and each row's position ids count its real tokens only; a row attends to its last {@code length}
 * columns, so its mask is zeros, then ones.
 */
final class CachedDecoding {
    private final OrtSession session;
    private final OrtEnvironment environment;
    private final ModelManifest manifest;
    private final ModelManifest.KvCache cache;
    private final long pad;
    private final List<String> past = new ArrayList<>(); // graph inputs, layer by layer: key, value
    private final List<String> outputs; // logits, then each layer's present key and value
    private int vocabulary; // learned from the first prefill's logits

    CachedDecoding(OrtSession session, ModelManifest manifest) {
        this.session = session;
        this.environment = OrtEnvironment.getEnvironment();
        this.manifest = manifest;
        this.cache = manifest.cache();
        this.pad = manifest.padTokenId() == null ? 0 : manifest.padTokenId();
        Set<String> declared = new TreeSet<>(manifest.inputsOrDefault());
        for (int i = 0; i < cache.layers(); i++) {
            past.addAll(cache.past(i));
        }
        declared.addAll(past);
        Set<String> graph = new TreeSet<>(session.getInputNames());
        if (!graph.equals(declared)) {
            throw new IllegalStateException("The graph's inputs are " + graph + "; the manifest's 'inputs' and 'cache' declare "
                    + declared + ".");
        }
        this.outputs = List.copyOf(session.getOutputNames());
        int expected = 1 + 2 * cache.layers();
        if (outputs.size() != expected) {
            throw new IllegalStateException("The graph returns " + outputs.size() + " outputs; with a 'cache' of " + cache.layers()
                    + " layers it must return " + expected + ": logits, then each layer's present key and value.");
        }
        try {
            Map<String, NodeInfo> inputInfo = session.getInputInfo();
            Map<String, NodeInfo> outputInfo = session.getOutputInfo();
            for (String name : past) {
                checkCacheTensor("input " + name, inputInfo.get(name));
            }
            // outputs are taken in the order Optimum exports them: logits first, then present key and value per layer
            for (String name : outputs.subList(1, expected)) {
                checkCacheTensor("output " + name, outputInfo.get(name));
            }
            if (!(outputInfo.get(outputs.get(0)).getInfo() instanceof TensorInfo logits) || logits.type != OnnxJavaType.FLOAT) {
                throw new IllegalStateException("The graph's first output " + outputs.get(0) + " must be float32 logits.");
            }
        } catch (OrtException e) {
            throw new IllegalStateException("The graph's inputs and outputs cannot be read: " + e.getMessage(), e);
        }
    }

    /** A cache tensor must be float32 (batch, heads, positions, headSize), its fixed sizes those of the manifest. */
    private void checkCacheTensor(String what, NodeInfo node) {
        long[] expected = {-1, cache.heads(), -1, cache.headSize()};
        if (node.getInfo() instanceof TensorInfo tensor && tensor.type == OnnxJavaType.FLOAT && tensor.getShape().length == 4) {
            long[] shape = tensor.getShape();
            boolean fits = true;
            for (int d = 1; d < 4; d += 2) {
                fits &= shape[d] < 0 || shape[d] == expected[d];
            }
            if (fits) {
                return;
            }
        }
        throw new IllegalStateException("The graph's " + what + " is " + node.getInfo() + " where the manifest's 'cache' expects float32 "
                + "(batch, " + cache.heads() + " heads, positions, headSize " + cache.headSize() + ").");
    }

    /** One sequence: its prompt, what it generated, and how many of the batch cache's last columns are its own. */
    static final class Sequence {
        final long[] prompt;
        final Random random;
        final List<Long> generated = new ArrayList<>();
        int picks;
        long next;
        int length; // real tokens in the cache (the position of the next token)

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
        if (sequences.isEmpty()) {
            return;
        }
        int slots = Math.min(sequences.size(), manifest.batchesPrompts() ? manifest.maxBatchOrDefault() : 1);
        int longestPrompt = sequences.stream().mapToInt(s -> s.prompt.length).max().orElseThrow();
        // a row holds its prompt and at most maxTokens - 1 fed picks; one more column for a prefill's masked past
        int columns = 1 + longestPrompt + maxTokens;
        Deque<Sequence> waiting = new ArrayDeque<>(sequences);
        List<Sequence> rows = new ArrayList<>(slots); // the sequence of each row of the cache; null once it finished
        try (BatchCache batch = new BatchCache(environment, past.size(), cache.heads(), cache.headSize(), slots, columns);
             StepInputs step = new StepInputs(slots, columns)) {
            while (!waiting.isEmpty() || !rows.isEmpty()) {
                int free = slots - rows.size() + (int) rows.stream().filter(s -> s == null).count();
                if (!waiting.isEmpty() && free > 0) {
                    List<Sequence> joining = new ArrayList<>(free);
                    while (!waiting.isEmpty() && joining.size() < free) {
                        joining.add(waiting.poll());
                    }
                    join(batch, rows, joining, sampling, maxTokens, waiting.isEmpty());
                    continue; // a joiner that finished at once leaves its row to the next waiting prompt
                }
                if (rows.contains(null) || !batch.hasRoomForAStep()) {
                    rebuild(batch, rows, List.of(), List.of()); // rows left and none wait: close the gaps
                }
                if (!rows.isEmpty()) {
                    step(batch, step, rows, sampling, maxTokens);
                }
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /**
     * Prefills the joining prompts together and gives each that has not finished a row: a free row in
     * place when there is one for every joiner and it is wide enough, else by rebuilding the batch.
     */
    private void join(BatchCache batch, List<Sequence> rows, List<Sequence> joining, Sampling sampling, int maxTokens,
                      boolean noneWaiting) throws OrtException {
        Prefill prefill = prefill(joining, sampling);
        List<Sequence> staying = new ArrayList<>();
        List<Integer> prefillRows = new ArrayList<>();
        for (int r = 0; r < joining.size(); r++) {
            if (!finished(joining.get(r), maxTokens)) {
                staying.add(joining.get(r));
                prefillRows.add(r);
            }
        }
        List<Integer> free = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r) == null) {
                free.add(r);
            }
        }
        int longest = longest(rows, staying);
        boolean fits = !rows.isEmpty() && staying.size() <= free.size() && (staying.size() == free.size() || !noneWaiting)
                && staying.stream().allMatch(s -> s.length <= batch.length())
                && 4 * (batch.length() - longest) < batch.length(); // else rebuilding drops a quarter of the columns
        if (fits) {
            for (int j = 0; j < staying.size(); j++) {
                batch.fill(free.get(j), new BatchCache.Source(prefill.present, prefill.length, prefillRows.get(j)));
                rows.set(free.get(j), staying.get(j));
            }
        } else {
            List<BatchCache.Source> joiners = new ArrayList<>();
            for (int r : prefillRows) {
                joiners.add(new BatchCache.Source(prefill.present, prefill.length, r));
            }
            rebuild(batch, rows, staying, joiners);
        }
    }

    /** The rows that have not finished, in order, then the joiners: one copy of the cache, cut to the longest row. */
    private void rebuild(BatchCache batch, List<Sequence> rows, List<Sequence> joiners, List<BatchCache.Source> joinerSources)
            throws OrtException {
        List<Sequence> order = new ArrayList<>();
        List<BatchCache.Source> sources = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r) != null) {
                order.add(rows.get(r));
                sources.add(batch.row(r));
            }
        }
        order.addAll(joiners);
        sources.addAll(joinerSources);
        batch.rebuild(sources, longest(order, List.of()));
        rows.clear();
        rows.addAll(order);
    }

    private static int longest(List<Sequence> rows, List<Sequence> more) {
        int longest = 0;
        for (List<Sequence> list : List.of(rows, more)) {
            for (Sequence s : list) {
                if (s != null) {
                    longest = Math.max(longest, s.length);
                }
            }
        }
        return longest;
    }

    /** A prefill's present cache (copied to the host) and its columns: a masked one, then the left-padded prompts. */
    private record Prefill(FloatBuffer[] present, int length) {
    }

    /**
     * Runs the joining prompts, left-padded to one length, and picks their first tokens. The past is one
     * masked column of zeros rather than empty (graphs exported for a non-empty past accept it too); it
     * is cut once no row of the batch needs the column.
     */
    private Prefill prefill(List<Sequence> joining, Sampling sampling) throws OrtException {
        int rows = joining.size();
        int length = joining.stream().mapToInt(s -> s.prompt.length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] mask = new long[rows * (1 + length)];
        long[] positions = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            Sequence s = joining.get(r);
            int offset = length - s.prompt.length;
            Arrays.fill(ids, r * length, r * length + offset, pad);
            for (int t = 0; t < s.prompt.length; t++) {
                ids[r * length + offset + t] = s.prompt[t];
                mask[r * (1 + length) + 1 + offset + t] = 1;
                positions[r * length + offset + t] = t;
            }
            s.length = s.prompt.length;
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            for (String name : manifest.inputsOrDefault()) {
                inputs.put(name, switch (name) {
                    case "input_ids" -> longs(ids, rows, length);
                    case "attention_mask" -> longs(mask, rows, 1 + length);
                    case "position_ids" -> longs(positions, rows, length);
                    default -> longs(new long[rows * length], rows, length);
                });
            }
            OnnxTensor masked = OnnxTensor.createTensor(environment, FloatBuffer.allocate(rows * cache.heads() * cache.headSize()),
                    new long[] {rows, cache.heads(), 1, cache.headSize()});
            for (String name : past) {
                inputs.put(name, masked); // one read-only tensor for every layer's key and value
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxTensor logits = (OnnxTensor) result.get(0);
                long[] shape = logits.getInfo().getShape();
                vocabulary = Math.toIntExact(shape[2]);
                FloatBuffer values = logits.getFloatBuffer();
                float[] last = new float[vocabulary];
                for (int r = 0; r < rows; r++) {
                    values.get((r * length + length - 1) * vocabulary, last);
                    pick(joining.get(r), last, sampling);
                }
                FloatBuffer[] present = new FloatBuffer[past.size()];
                long[] expected = {rows, cache.heads(), 1 + length, cache.headSize()};
                for (int c = 0; c < present.length; c++) {
                    OnnxTensor tensor = (OnnxTensor) result.get(1 + c);
                    if (!Arrays.equals(tensor.getInfo().getShape(), expected)) {
                        throw new IllegalStateException("The graph's output " + outputs.get(1 + c) + " has shape "
                                + Arrays.toString(tensor.getInfo().getShape()) + " where the manifest's 'cache' expects "
                                + Arrays.toString(expected) + " (batch, heads, positions, headSize).");
                    }
                    present[c] = tensor.getFloatBuffer();
                }
                return new Prefill(present, 1 + length);
            }
        } finally {
            inputs.values().stream().distinct().forEach(OnnxTensor::close);
        }
    }

    private static LongBuffer direct(int longs) {
        return ByteBuffer.allocateDirect(8 * longs).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    private OnnxTensor longs(long[] values, long... shape) throws OrtException {
        return OnnxTensor.createTensor(environment, LongBuffer.wrap(values), shape);
    }

    /**
     * The one-token inputs of a step, in direct buffers the tensors read from (no copy): ids and positions
     * (rows, 1), the mask (rows, past + 1), and the logits ONNX Runtime writes into (rows, 1, vocabulary).
     * Tensors whose shape depends on the rows only are made again only when the rows change.
     */
    private final class StepInputs implements AutoCloseable {
        final LongBuffer ids;
        final LongBuffer positions;
        final LongBuffer mask;
        FloatBuffer logits;
        final Map<String, OnnxTensor> byRows = new HashMap<>(); // input name → tensor, for `rows` rows
        OnnxTensor logitsTensor;
        int rows = -1;

        StepInputs(int slots, int columns) {
            ids = direct(slots);
            positions = direct(slots);
            mask = direct(slots * columns);
        }

        /** The tensors for {@code rows} rows and a vocabulary of {@code vocabulary} (made again when the rows change). */
        void shape(int rows, int vocabulary) throws OrtException {
            if (rows == this.rows) {
                return;
            }
            close();
            long[] column = {rows, 1};
            for (String name : manifest.inputsOrDefault()) {
                switch (name) {
                    case "input_ids" -> byRows.put(name, OnnxTensor.createTensor(environment, ids.slice(0, rows), column));
                    case "position_ids" -> byRows.put(name, OnnxTensor.createTensor(environment, positions.slice(0, rows), column));
                    case "attention_mask" -> { }
                    default -> byRows.put(name, OnnxTensor.createTensor(environment, direct(rows), column));
                }
            }
            logits = ByteBuffer.allocateDirect(4 * rows * vocabulary).order(ByteOrder.nativeOrder()).asFloatBuffer();
            logitsTensor = OnnxTensor.createTensor(environment, logits, new long[] {rows, 1, vocabulary});
            this.rows = rows;
        }

        @Override
        public void close() {
            byRows.values().forEach(OnnxTensor::close);
            byRows.clear();
            if (logitsTensor != null) {
                logitsTensor.close();
                logitsTensor = null;
            }
            rows = -1;
        }
    }

    /** One token per row on top of the batch cache; then each row picks its next token. */
    private void step(BatchCache batch, StepInputs in, List<Sequence> rows, Sampling sampling, int maxTokens) throws OrtException {
        int count = rows.size();
        int width = batch.length() + 1;
        in.shape(count, vocabulary);
        for (int r = 0; r < count; r++) {
            Sequence s = rows.get(r);
            in.ids.put(r, s.next);
            in.positions.put(r, s.length);
            int zeros = width - s.length - 1;
            for (int c = 0; c < width; c++) {
                in.mask.put(r * width + c, c < zeros ? 0 : 1);
            }
        }
        Map<String, OnnxTensor> inputs = new HashMap<>(in.byRows);
        OnnxTensor mask = OnnxTensor.createTensor(environment, in.mask.slice(0, count * width), new long[] {count, width});
        OnnxTensor[] present = batch.present();
        try {
            inputs.put("attention_mask", mask);
            OnnxTensor[] pastTensors = batch.past();
            Map<String, OnnxTensor> pinned = new HashMap<>();
            pinned.put(outputs.get(0), in.logitsTensor);
            for (int c = 0; c < past.size(); c++) {
                inputs.put(past.get(c), pastTensors[c]);
                pinned.put(outputs.get(1 + c), present[c]);
            }
            session.run(inputs, pinned).close();
        } catch (OrtException | RuntimeException e) {
            BatchCache.close(present);
            throw e;
        } finally {
            mask.close();
        }
        batch.advance(present);
        float[] logits = new float[vocabulary];
        for (int r = 0; r < count; r++) {
            Sequence s = rows.get(r);
            s.length++;
            in.logits.get(r * vocabulary, logits);
            pick(s, logits, sampling);
            if (finished(s, maxTokens)) {
                rows.set(r, null);
            }
        }
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
}
