package dev.laurel.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.platform.ModelEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A model artifact loaded with DJL: a char-lstm (DJL parameters), TorchScript or ONNX. Blocks are
 * called directly (what a DJL predictor does inside) so that a char-lstm's state can be carried from
 * step to step. One caller at a time per model: {@link #generate} and {@link #score} are synchronized.
 */
public abstract sealed class DjlModel implements TextGenerator, AutoCloseable {
    /** Models loaded by this process (tests prove a web-role process loads none). */
    private static final java.util.concurrent.atomic.AtomicLong LOADS = new java.util.concurrent.atomic.AtomicLong();

    protected final ZooModel<NDList, NDList> model;
    protected final ModelManifest manifest;

    private DjlModel(ZooModel<NDList, NDList> model, ModelManifest manifest) {
        this.model = model;
        this.manifest = manifest;
    }

    /** Loads the model of an unpacked artifact directory; throws with a plain reason when it cannot. */
    public static DjlModel load(Path directory, ModelManifest manifest) {
        LOADS.incrementAndGet();
        ModelEngines.start();
        String engineName = ModelManifest.ONNX.equals(manifest.format()) ? ModelEngines.ONNX_RUNTIME : ModelEngines.PYTORCH;
        Engine engine = Engine.getEngine(engineName);
        Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        ZooModel<NDList, NDList> model;
        OrtSession session = null;
        try {
            if (ModelManifest.ONNX.equals(manifest.format())) {
                session = OnnxSessions.open(directory.resolve(manifest.modelFile()), device);
                model = OnnxSessions.djlModel(session, device);
            } else {
                var criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                        .optModelPath(directory).optModelName("model").optEngine(engineName).optDevice(device)
                        .optTranslator(new NoopTranslator(null));
                if (ModelManifest.DJL.equals(manifest.format())) {
                    criteria.optBlock(new CharLstm(manifest.vocabulary().length(), manifest.hidden(), manifest.layers()));
                }
                model = criteria.build().loadModel();
            }
        } catch (ModelNotFoundException | MalformedModelException | IOException | OrtException | RuntimeException e) {
            closeQuietly(session);
            throw new ArtifactRejected("The model file " + manifest.modelFile() + " could not be loaded as "
                    + manifest.format() + ": " + reason(e));
        }
        try {
            if (ModelManifest.DJL.equals(manifest.format())) {
                return new CharLstmModel(model, manifest);
            }
            // a graph that does not match its manifest's cache is refused before anything else is opened
            CachedDecoding cached = manifest.cache() == null ? null : new CachedDecoding(session, manifest);
            HuggingFaceTokenizer tokenizer = tokenizer(directory.resolve("tokenizer.json"), manifest);
            return manifest.isGeneration() ? new TokenModel(model, cached, manifest, tokenizer) : new ScoringModel(model, manifest, tokenizer);
        } catch (ArtifactRejected e) {
            model.close();
            throw e;
        } catch (RuntimeException e) {
            model.close();
            throw new ArtifactRejected(reason(e));
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // the load already failed; that is the reason to report
            }
        }
    }

    private static HuggingFaceTokenizer tokenizer(Path file, ModelManifest manifest) {
        try {
            Map<String, String> options = manifest.isGeneration() ? Map.of("addSpecialTokens", "false")
                    : Map.of("padding", "true", "truncation", "true", "maxLength", Integer.toString(manifest.maxPromptTokensOrDefault()));
            return HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new ArtifactRejected("tokenizer.json is not a Hugging Face tokenizer: " + reason(e));
        }
    }

    static long loadsInThisProcess() {
        return LOADS.get();
    }

    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.strip().replaceAll("\\s+", " ");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** Runs one small forward pass (upload validation); throws {@link ArtifactRejected} when it fails. */
    public void check() {
        try {
            if (manifest.isGeneration()) {
                Reply reply = generate(List.of("Hello"), new Sampling(0, 1, 4, 0L)).get(0);
                if (reply.isFailed()) {
                    throw new IllegalStateException(reply.error());
                }
            } else {
                score(List.of("Hello", "A longer second text"));
            }
        } catch (ArtifactRejected e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ArtifactRejected("A test forward pass of the model failed: " + reason(e));
        }
    }

    /** Each conversation rendered for the model ({@link ChatTemplate}), then generated from. */
    @Override
    public List<Reply> respond(List<List<ChatMessage>> conversations, Sampling sampling) {
        List<String> inputs = new ArrayList<>(conversations.size());
        for (List<ChatMessage> conversation : conversations) {
            inputs.add(ChatTemplate.render(manifest, conversation));
        }
        return complete(inputs, sampling);
    }

    /** Replies to model inputs already rendered (chat or prompt template applied), in order. */
    protected List<Reply> complete(List<String> inputs, Sampling sampling) {
        throw new UnsupportedOperationException("This model scores texts; it does not generate them.");
    }

    /** One score per text (text-scoring models). */
    public float[] score(List<String> texts) {
        throw new UnsupportedOperationException("This model generates text; it does not score it.");
    }

    @Override
    public void close() {
        model.close();
    }

    /** DJL's own parameters for a {@link CharLstm}; prompts of a batch run together, carrying the LSTM state. */
    static final class CharLstmModel extends DjlModel {
        private final String vocabulary;
        private final int eos;

        CharLstmModel(ZooModel<NDList, NDList> model, ModelManifest manifest) {
            super(model, manifest);
            this.vocabulary = manifest.vocabulary();
            this.eos = manifest.eos() == null ? -1 : vocabulary.indexOf(manifest.eos());
        }

        @Override
        protected synchronized List<Reply> complete(List<String> prompts, Sampling sampling) {
            int rows = prompts.size();
            int maxTokens = manifest.maxTokens() == null ? sampling.maxTokens() : Math.min(sampling.maxTokens(), manifest.maxTokens());
            try (NDManager manager = model.getNDManager().newSubManager()) {
                ParameterStore parameters = new ParameterStore(manager, false);
                float[][] next = new float[rows][];
                NDArray[] hs = new NDArray[rows];
                NDArray[] cs = new NDArray[rows];
                // prompts differ in length: read each on its own, then continue them as one batch
                for (int r = 0; r < rows; r++) {
                    long[] ids = encode(prompts.get(r));
                    NDList out = model.getBlock().forward(parameters, new NDList(manager.create(new long[][] {ids})), false);
                    next[r] = out.get(0).get(new NDIndex("0, -1, :")).toFloatArray();
                    hs[r] = out.get(1);
                    cs[r] = out.get(2);
                }
                NDArray h = rows == 1 ? hs[0] : NDArrays.concat(new NDList(hs), 1);
                NDArray c = rows == 1 ? cs[0] : NDArrays.concat(new NDList(cs), 1);
                Random[] random = new Random[rows];
                StringBuilder[] text = new StringBuilder[rows];
                boolean[] done = new boolean[rows];
                int[] tokens = new int[rows];
                for (int r = 0; r < rows; r++) {
                    random[r] = sampling.randomFor(prompts.get(r));
                    text[r] = new StringBuilder();
                }
                int active = rows;
                for (int step = 0; step < maxTokens && active > 0; step++) {
                    long[][] chosen = new long[rows][1];
                    for (int r = 0; r < rows; r++) {
                        if (done[r]) {
                            continue;
                        }
                        int token = sampling.pick(next[r], random[r]);
                        chosen[r][0] = token;
                        tokens[r]++;
                        if (token == eos) {
                            done[r] = true;
                            active--;
                        } else {
                            text[r].append(vocabulary.charAt(token));
                        }
                    }
                    if (active == 0 || step == maxTokens - 1) {
                        break;
                    }
                    NDList out = model.getBlock().forward(parameters, new NDList(manager.create(chosen), h, c), false);
                    float[] logits = out.get(0).toFloatArray(); // (rows, 1, vocabulary)
                    int width = vocabulary.length();
                    for (int r = 0; r < rows; r++) {
                        next[r] = Arrays.copyOfRange(logits, r * width, (r + 1) * width);
                    }
                    h = out.get(1);
                    c = out.get(2);
                }
                List<Reply> replies = new ArrayList<>(rows);
                for (int r = 0; r < rows; r++) {
                    replies.add(new Reply(text[r].toString().strip(), tokens[r], null));
                }
                return replies;
            }
        }

        /** Characters outside the vocabulary are dropped; an empty prompt starts from the end-of-text character. */
        private long[] encode(String prompt) {
            long[] ids = prompt.chars().map(vocabulary::indexOf).filter(i -> i >= 0).asLongStream().toArray();
            int limit = manifest.maxPromptTokensOrDefault();
            if (ids.length > limit) {
                ids = Arrays.copyOfRange(ids, ids.length - limit, ids.length);
            }
            return ids.length == 0 ? new long[] {Math.max(eos, 0)} : ids;
        }
    }

    /**
     * TorchScript or ONNX taking token ids (batch, time) and returning logits (batch, time, vocabulary).
     * With a {@code padTokenId} prompts run together, left-padded and masked (position ids, when the
     * graph takes them, count each row's real tokens), and a finished reply leaves the batch; without
     * one, one prompt at a time. A graph whose manifest declares its KV cache decodes one token per
     * step ({@link CachedDecoding}, on the ONNX Runtime session itself); any other graph reruns the whole
     * sequence at each step.
     */
    static final class TokenModel extends DjlModel {
        private final HuggingFaceTokenizer tokenizer;
        private final CachedDecoding cached; // null: the graph has no cache

        TokenModel(ZooModel<NDList, NDList> model, CachedDecoding cached, ModelManifest manifest, HuggingFaceTokenizer tokenizer) {
            super(model, manifest);
            this.tokenizer = tokenizer;
            this.cached = cached;
        }

        @Override
        protected synchronized List<Reply> complete(List<String> prompts, Sampling sampling) {
            int maxTokens = manifest.maxTokens() == null ? sampling.maxTokens() : Math.min(sampling.maxTokens(), manifest.maxTokens());
            List<CachedDecoding.Sequence> sequences = new ArrayList<>(prompts.size());
            for (String prompt : prompts) {
                sequences.add(new CachedDecoding.Sequence(encode(prompt), sampling.randomFor(prompt)));
            }
            if (cached != null) {
                cached.generate(sequences, sampling, maxTokens);
            } else if (manifest.batchesPrompts()) {
                generateTogether(sequences, sampling, maxTokens);
            } else {
                for (CachedDecoding.Sequence sequence : sequences) {
                    generateTogether(List.of(sequence), sampling, maxTokens);
                }
            }
            List<Reply> replies = new ArrayList<>(sequences.size());
            for (CachedDecoding.Sequence sequence : sequences) {
                long[] ids = sequence.generated.stream().mapToLong(Long::longValue).toArray();
                replies.add(new Reply(tokenizer.decode(ids, true).strip(), sequence.picks, null));
            }
            return replies;
        }

        /** The prompt's token ids, cut from the start to maxPromptTokens; never empty (a graph needs a position). */
        private long[] encode(String prompt) {
            long[] ids = tokenizer.encode(prompt).getIds();
            int limit = manifest.maxPromptTokensOrDefault();
            if (ids.length > limit) {
                ids = Arrays.copyOfRange(ids, ids.length - limit, ids.length);
            }
            if (ids.length == 0) {
                Long start = manifest.eosTokenId() != null ? manifest.eosTokenId() : manifest.padTokenId();
                ids = new long[] {start == null ? 0 : start};
            }
            return ids;
        }

        /** Without a cache: every step runs the whole (left-padded) sequences of the batch. */
        private void generateTogether(List<CachedDecoding.Sequence> sequences, Sampling sampling, int maxTokens) {
            List<CachedDecoding.Sequence> active = new ArrayList<>(sequences);
            for (int step = 0; step < maxTokens && !active.isEmpty(); step++) {
                float[][] logits = lastLogits(active);
                List<CachedDecoding.Sequence> still = new ArrayList<>();
                for (int i = 0; i < active.size(); i++) {
                    CachedDecoding.Sequence sequence = active.get(i);
                    long token = sampling.pick(logits[i], sequence.random);
                    sequence.picks++;
                    if (manifest.eosTokenId() != null && token == manifest.eosTokenId()) {
                        continue;
                    }
                    sequence.generated.add(token);
                    still.add(sequence);
                }
                active = still;
            }
        }

        /** One forward pass over the sequences, left-padded to one length; the last position's logits per row. */
        private float[][] lastLogits(List<CachedDecoding.Sequence> sequences) {
            int rows = sequences.size();
            int length = sequences.stream().mapToInt(s -> s.prompt.length + s.generated.size()).max().orElse(0);
            long pad = manifest.padTokenId() == null ? 0 : manifest.padTokenId();
            long[][] ids = new long[rows][length];
            long[][] mask = new long[rows][length];
            long[][] positions = new long[rows][length];
            for (int r = 0; r < rows; r++) {
                CachedDecoding.Sequence sequence = sequences.get(r);
                int size = sequence.prompt.length + sequence.generated.size();
                int offset = length - size;
                Arrays.fill(ids[r], 0, offset, pad);
                for (int t = 0; t < size; t++) {
                    ids[r][offset + t] = t < sequence.prompt.length ? sequence.prompt[t] : sequence.generated.get(t - sequence.prompt.length);
                    mask[r][offset + t] = 1;
                    positions[r][offset + t] = t;
                }
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList inputs = new NDList();
                for (String name : manifest.inputsOrDefault()) {
                    NDArray array = manager.create(switch (name) {
                        case "input_ids" -> ids;
                        case "attention_mask" -> mask;
                        case "position_ids" -> positions;
                        default -> new long[rows][length]; // token type ids
                    });
                    array.setName(name);
                    inputs.add(array);
                }
                NDArray out = model.getBlock().forward(new ParameterStore(manager, false), inputs, false).get(0);
                return lastLogits(out, rows);
            }
        }

        /** The logits of the last position of each row, as floats: (rows, time, vocabulary) in. */
        private static float[][] lastLogits(NDArray logits, int rows) {
            float[] all = logits.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? logits.toFloatArray()
                    : logits.get(new NDIndex(":, -1:, :")).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int width = Math.toIntExact(logits.getShape().get(2));
            int time = all.length / rows / width;
            float[][] perRow = new float[rows][];
            for (int r = 0; r < rows; r++) {
                int start = (r * time + time - 1) * width;
                perRow[r] = Arrays.copyOfRange(all, start, start + width);
            }
            return perRow;
        }

        @Override
        public void close() {
            tokenizer.close();
            super.close();
        }
    }

    /** TorchScript or ONNX turning tokenized texts into one score each (the mean of its first output per text). */
    static final class ScoringModel extends DjlModel {
        private final HuggingFaceTokenizer tokenizer;

        ScoringModel(ZooModel<NDList, NDList> model, ModelManifest manifest, HuggingFaceTokenizer tokenizer) {
            super(model, manifest);
            this.tokenizer = tokenizer;
        }

        @Override
        public synchronized float[] score(List<String> texts) {
            Encoding[] encodings = tokenizer.batchEncode(texts);
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList list = new NDList();
                for (String name : manifest.inputsOrDefault()) {
                    long[][] values = new long[encodings.length][];
                    for (int r = 0; r < encodings.length; r++) {
                        values[r] = switch (name) {
                            case "input_ids" -> encodings[r].getIds();
                            case "attention_mask" -> encodings[r].getAttentionMask();
                            default -> encodings[r].getTypeIds();
                        };
                    }
                    NDArray array = manager.create(values);
                    array.setName(name);
                    list.add(array);
                }
                NDArray first = model.getBlock().forward(new ParameterStore(manager, false), list, false).get(0);
                NDArray perText = first.getShape().dimension() == 1 ? first
                        : first.reshape(encodings.length, -1).mean(new int[] {1});
                return perText.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            }
        }

        @Override
        public void close() {
            tokenizer.close();
            super.close();
        }
    }

    /** Whether a file exists in the unpacked artifact. */
    static boolean has(Path directory, String name) {
        return Files.isRegularFile(directory.resolve(name));
    }
}
