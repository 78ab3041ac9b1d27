package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.NoopTranslator;
import ai.djl.util.Pair;
import dev.laurel.platform.ModelEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of the reward-model feature against a raw DJL loop doing the same work, printed side by
 * side with the ratio (goal ≥ 0.8). A main, not a test: numbers on a shared machine are not a pass or
 * fail. Run with {@code bench/reward-model.sh}.
 *
 * <ul>
 * <li>Embedding: {@link SentenceEncoder#embed} vs. tokenize + OnnxRuntime forward + mean pooling in
 *     fixed batches of 32, on the same texts (questions and answers of PRD Vicuna80 when present).</li>
 * <li>Training, frozen head: {@link RewardHeadTrainer#fit} (metrics, validation bookkeeping, best-epoch
 *     snapshots) vs. forward + Bradley-Terry loss + backward + AdamW on the same random features, same batches.</li>
 * <li>Training, end to end: an epoch of {@link EndToEndTrainer} (its fine-tuning loop, the probe left out)
 *     vs. tokenize + forward + loss + backward of the same {@link EndToEndRewardModel.Network} in the same
 *     micro-batches, AdamW every update, on the same pairs.</li>
 * </ul>
 */
public final class RewardModelBench {
    private static final int EMBEDDING_BATCH = 32;

    private RewardModelBench() {
    }

    public static void main(String[] args) throws Exception {
        int texts = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        boolean embedding = args.length <= 3 || args[3].contains("embedding");
        boolean training = args.length <= 3 || args[3].contains("training");
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        boolean endToEnd = args.length <= 3 || args[3].contains("end-to-end");
        int endToEndPairs = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        ModelEngines.start();
        System.out.printf(Locale.ROOT, "device %s, %d processors, DJL %s%n", ModelEngines.trainingDevice(),
                Runtime.getRuntime().availableProcessors(), Engine.getDjlVersion());
        if (embedding) {
            embedding(sampleTexts(texts));
        }
        if (training) {
            training(pairs, epochs);
        }
        if (endToEnd) {
            endToEnd(endToEndPairs);
        }
    }

    // ---- embedding ----

    static void embedding(List<String> texts) throws Exception {
        try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2();
             RawEncoder raw = new RawEncoder()) {
            encoder.embed(texts.subList(0, Math.min(64, texts.size()))); // warm up both
            raw.embed(texts.subList(0, Math.min(64, texts.size())));
            double ours = 0;
            double baseline = 0;
            for (int run = 0; run < 2; run++) { // alternate, keep the best of each: less noise on a shared machine
                ours = Math.max(ours, rate(texts.size(), () -> encoder.embed(texts)));
                baseline = Math.max(baseline, rate(texts.size(), () -> raw.embed(texts)));
            }
            report("embedding texts/s (" + texts.size() + " texts)", ours, baseline);
        }
    }

    /** The plain DJL way: tokenizer, NoopTranslator predictor, pooling by hand; no sorting, no caching. */
    static final class RawEncoder implements AutoCloseable {
        private final HuggingFaceTokenizer tokenizer = SentenceEncoder.tokenizer(SentenceEncoder.DEFAULT_MAX_TOKENS);
        private final ZooModel<NDList, NDList> model = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(SentenceEncoder.modelFile()).optEngine(ModelEngines.ONNX_RUNTIME)
                .optTranslator(new NoopTranslator()).build().loadModel();
        private final Predictor<NDList, NDList> predictor = model.newPredictor();

        RawEncoder() throws Exception {
        }

        float[][] embed(List<String> texts) throws Exception {
            float[][] out = new float[texts.size()][];
            try (NDManager manager = NDManager.newBaseManager(Device.cpu(), ModelEngines.ONNX_RUNTIME)) {
                for (int start = 0; start < texts.size(); start += EMBEDDING_BATCH) {
                    List<String> batch = texts.subList(start, Math.min(texts.size(), start + EMBEDDING_BATCH));
                    Encoding[] encodings = tokenizer.batchEncode(batch);
                    long[][] ids = new long[batch.size()][];
                    long[][] mask = new long[batch.size()][];
                    long[][] types = new long[batch.size()][];
                    for (int i = 0; i < batch.size(); i++) {
                        ids[i] = encodings[i].getIds();
                        mask[i] = encodings[i].getAttentionMask();
                        types[i] = encodings[i].getTypeIds();
                    }
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray a = scope.create(ids);
                        a.setName("input_ids");
                        NDArray b = scope.create(mask);
                        b.setName("attention_mask");
                        NDArray c = scope.create(types);
                        c.setName("token_type_ids");
                        NDArray hidden = predictor.predict(new NDList(a, b, c)).get(0);
                        int length = ids[0].length;
                        float[] values = hidden.toFloatArray();
                        int width = values.length / (batch.size() * length);
                        for (int i = 0; i < batch.size(); i++) {
                            float[] v = new float[width];
                            int tokens = 0;
                            for (int t = 0; t < length; t++) {
                                if (mask[i][t] == 1) {
                                    tokens++;
                                    for (int d = 0; d < width; d++) {
                                        v[d] += values[(i * length + t) * width + d];
                                    }
                                }
                            }
                            double norm = 0;
                            for (int d = 0; d < width; d++) {
                                v[d] /= tokens;
                                norm += v[d] * v[d];
                            }
                            for (int d = 0; d < width; d++) {
                                v[d] /= (float) Math.sqrt(norm);
                            }
                            out[start + i] = v;
                        }
                        hidden.close();
                    }
                }
            }
            return out;
        }

        @Override
        public void close() {
            predictor.close();
            model.close();
            tokenizer.close();
        }
    }

    static List<String> sampleTexts(int count) {
        List<String> texts = new ArrayList<>();
        try {
            for (PreferencePair pair : PrdPreferences.vicuna80()) {
                texts.add(pair.prompt());
                texts.add(pair.chosen());
            }
        } catch (RuntimeException e) {
            // data not beside the project: synthetic sentences of similar lengths
        }
        Random random = new Random(1);
        while (texts.size() < count) {
            StringBuilder text = new StringBuilder();
            int words = 10 + random.nextInt(200);
            for (int w = 0; w < words; w++) {
                text.append("word").append(random.nextInt(5000)).append(' ');
            }
            texts.add(text.toString());
        }
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(texts));
        java.util.Collections.shuffle(distinct, new Random(2));
        return distinct.subList(0, Math.min(count, distinct.size()));
    }

    // ---- training ----

    static void training(int pairs, int epochs) {
        int width = 2 * SentenceEncoder.DIMENSIONS;
        Random random = new Random(3);
        float[] chosen = new float[pairs * width];
        float[] rejected = new float[pairs * width];
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] = (float) random.nextGaussian() * 0.05f;
            rejected[i] = (float) random.nextGaussian() * 0.05f;
        }
        RewardHeadTrainer.FeatureSet train = new RewardHeadTrainer.FeatureSet(chosen, rejected, new float[pairs], width);
        RewardHeadTrainer.FeatureSet none = new RewardHeadTrainer.FeatureSet(new float[0], new float[0], new float[0], width);
        RewardHeadTrainer.Settings settings = new RewardHeadTrainer.Settings(256, 0.1f, epochs, 256, 1e-3f, 0.01f, 0, 10, 0.01f, 42);
        RewardHeadTrainer trainer = new RewardHeadTrainer(settings);
        trainer.fit(train, none, m -> { }); // warm up both
        raw(train, settings);
        double ours = 0;
        double baseline = 0;
        for (int run = 0; run < 3; run++) {
            ours = Math.max(ours, rate((long) pairs * epochs, () -> trainer.fit(train, none, m -> { })));
            baseline = Math.max(baseline, rate((long) pairs * epochs, () -> raw(train, settings)));
        }
        report("frozen-head training pairs/s (" + pairs + " pairs x " + epochs + " epochs, batch " + settings.batchSize() + ")", ours, baseline);
    }

    /** Forward, loss, backward, AdamW step: nothing else. */
    static void raw(RewardHeadTrainer.FeatureSet data, RewardHeadTrainer.Settings settings) {
        Engine engine = ModelEngines.pytorch();
        engine.setRandomSeed((int) settings.seed());
        Device device = ModelEngines.trainingDevice();
        int n = data.size();
        try (Model model = Model.newInstance("raw", device, RewardHead.ENGINE)) {
            Block block = RewardHead.block(new RewardHead.Architecture(data.width() / 2, settings.hiddenSize(), settings.dropout()));
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, data.width()));
            for (Pair<String, Parameter> p : block.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                    .optWeightDecays(settings.weightDecay()).build();
            NDArray chosen = manager.create(data.chosen(), new Shape(n, data.width()));
            NDArray rejected = manager.create(data.rejected(), new Shape(n, data.width()));
            NDArray margins = manager.create(data.margins());
            ParameterStore store = new ParameterStore(manager, false);
            Random order = new Random(settings.seed());
            BradleyTerryLoss loss = new BradleyTerryLoss(settings.centering());
            for (int epoch = 0; epoch < settings.maxEpochs(); epoch++) {
                long[] permutation = new long[n];
                for (int i = 0; i < n; i++) {
                    permutation[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = order.nextInt(i + 1);
                    long t = permutation[i];
                    permutation[i] = permutation[j];
                    permutation[j] = t;
                }
                for (int start = 0; start < n; start += settings.batchSize()) {
                    int end = Math.min(n, start + settings.batchSize());
                    try (NDManager scope = manager.newSubManager()) {
                        NDIndex take = new NDIndex("{}", scope.create(java.util.Arrays.copyOfRange(permutation, start, end)));
                        NDArray c = chosen.get(take);
                        NDArray r = rejected.get(take);
                        NDArray m = margins.get(take);
                        c.attach(scope);
                        r.attach(scope);
                        m.attach(scope);
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray rewards = block.forward(store, new NDList(NDArrays.concat(new NDList(c, r))), true)
                                    .singletonOrThrow().reshape(-1);
                            collector.backward(loss.evaluate(new NDList(m), new NDList(rewards)));
                        }
                        for (Pair<String, Parameter> p : block.getParameters()) {
                            NDArray weight = p.getValue().getArray();
                            optimizer.update(p.getValue().getId(), weight, weight.getGradient());
                        }
                    }
                }
            }
        }
    }

    // ---- end-to-end training ----

    static void endToEnd(int count) {
        List<PreferencePair> pairs = new ArrayList<>();
        try {
            pairs.addAll(PrdPreferences.vicuna80().subList(0, count));
        } catch (RuntimeException e) {
            List<String> texts = sampleTexts(3 * count);
            for (int i = 0; i < count; i++) {
                pairs.add(PreferencePair.of(texts.get(3 * i), texts.get(3 * i + 1), texts.get(3 * i + 2)));
            }
        }
        // one fine-tuning epoch on every pair: no probe, no validation
        RewardHeadTrainer.Settings settings = RewardHeadTrainer.Settings.endToEnd().withMaxEpochs(1).withValidationFraction(0);
        EndToEndTrainer.Options options = EndToEndTrainer.Options.defaults().withProbeFirst(false);
        EndToEndTrainer trainer = new EndToEndTrainer(settings, options);
        double ours = 0;
        double baseline = 0;
        for (int run = 0; run < 2; run++) {
            // the trainer times its own epochs (not loading the encoder): the raw loop is timed the same way
            ours = Math.max(ours, trainer.train(pairs, m -> { }).pairsPerSecond());
            baseline = Math.max(baseline, rawEndToEnd(pairs, settings, options));
        }
        report("end-to-end training pairs/s (" + count + " pairs, " + options.maxTokens() + " tokens, update "
                + settings.batchSize() + ")", ours, baseline);
    }

    /**
     * Pairs/s of tokenize, forward, loss, backward per pass of whole prompts and an AdamW step per update, as the
     * trainer groups them ({@link PromptGroup}): nothing else.
     */
    static double rawEndToEnd(List<PreferencePair> pairs, RewardHeadTrainer.Settings settings, EndToEndTrainer.Options options) {
        Engine engine = ModelEngines.pytorch();
        engine.setRandomSeed((int) settings.seed());
        Device device = ModelEngines.trainingDevice();
        EndToEndRewardModel.Architecture architecture = new EndToEndRewardModel.Architecture(
                settings.hiddenSize(), settings.dropout(), options.encoderDropout(), options.maxTokens());
        try (Model model = Model.newInstance("raw-end-to-end", device, RewardHead.ENGINE);
             EndToEndRewardModel.Tokens tokens = new EndToEndRewardModel.Tokens(options.maxTokens())) {
            EndToEndRewardModel.Network network = new EndToEndRewardModel.Network(architecture);
            model.setBlock(network);
            NDManager manager = model.getNDManager();
            network.initialize(manager, DataType.FLOAT32, EndToEndRewardModel.inputShapes());
            network.encoder().loadOnnx(MiniLm.shippedWeights());
            for (Pair<String, Parameter> p : network.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(options.encoderLearningRate()))
                    .optWeightDecays(settings.weightDecay()).build();
            ParameterStore store = new ParameterStore(manager, false);
            BradleyTerryLoss loss = new BradleyTerryLoss(settings.centering());
            int perUpdate = Math.max(settings.batchSize(), options.microBatch());
            long started = System.nanoTime();
            for (List<PromptGroup> step : PromptGroup.chunks(PromptGroup.of(pairs), perUpdate)) {
                for (List<PromptGroup> pass : PromptGroup.chunks(step, options.microBatch())) {
                    try (NDManager scope = manager.newSubManager()) {
                        PromptGroup.Batch batch = PromptGroup.Batch.of(scope, pass, step.size());
                        NDList in = tokens.inputs(scope, pass, batch);
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray rewards = network.forward(store, in, true).singletonOrThrow().reshape(-1);
                            collector.backward(batch.loss(loss, rewards));
                        }
                    }
                }
                for (Pair<String, Parameter> p : network.getParameters()) {
                    NDArray weight = p.getValue().getArray();
                    optimizer.update(p.getValue().getId(), weight, weight.getGradient());
                }
            }
            return pairs.size() / ((System.nanoTime() - started) / 1e9);
        }
    }

    // ---- reporting ----

    interface Work {
        void run() throws Exception;
    }

    static double rate(long items, Work work) {
        long start = System.nanoTime();
        try {
            work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return items / ((System.nanoTime() - start) / 1e9);
    }

    static void report(String what, double ours, double baseline) {
        System.out.printf(Locale.ROOT, "%-58s laurel %10.1f   raw DJL %10.1f   ratio %.2f%n", what, ours, baseline, ours / baseline);
    }
}
