package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.laurel.platform.ModelEngines;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Trains a {@link RewardHead} on frozen sentence embeddings with the {@link BradleyTerryLoss}, on the
 * GPU when PyTorch sees one. Deterministic for a seed (on the CPU): the seed fixes the prompt split,
 * the initial weights, dropout and the batch order. Validation is on held-out prompts; training
 * stops when the validation loss has not improved for {@code patience} epochs, and the parameters of
 * the best epoch are the result.
 */
public final class RewardHeadTrainer {

    /**
     * How a reward model is trained: {@link Mode#FROZEN_ENCODER} trains this head on fixed embeddings (fast, the
     * default); {@link Mode#END_TO_END} fine-tunes the encoder with it ({@link EndToEndTrainer}), where
     * {@code batchSize} counts the pairs of one update and an epoch costs minutes.
     */
    public enum Mode {
        FROZEN_ENCODER, END_TO_END
    }

    public record Settings(int hiddenSize, float dropout, int maxEpochs, int batchSize, float learningRate,
                           float weightDecay, double validationFraction, int patience, float centering, long seed,
                           Mode mode) {
        public Settings {
            mode = mode == null ? Mode.FROZEN_ENCODER : mode; // jobs stored before the mode existed
        }

        public Settings(int hiddenSize, float dropout, int maxEpochs, int batchSize, float learningRate,
                        float weightDecay, double validationFraction, int patience, float centering, long seed) {
            this(hiddenSize, dropout, maxEpochs, batchSize, learningRate, weightDecay, validationFraction, patience,
                    centering, seed, Mode.FROZEN_ENCODER);
        }

        public static Settings defaults() {
            return new Settings(256, 0.1f, 200, 64, 1e-3f, 0.01f, 0.2, 10, 0.01f, 42);
        }

        /**
         * The end-to-end mode's defaults: after the head's probe, two fine-tuning epochs (few: the PRD sets have
         * a few hundred pairs), stopping at the first that does not improve; 16 pairs an update.
         */
        public static Settings endToEnd() {
            return new Settings(256, 0.1f, 2, 16, 1e-3f, 0.01f, 0.2, 1, 0.01f, 42, Mode.END_TO_END);
        }

        public static Settings defaults(Mode mode) {
            return mode == Mode.END_TO_END ? endToEnd() : defaults();
        }

        public Settings withSeed(long newSeed) {
            return new Settings(hiddenSize, dropout, maxEpochs, batchSize, learningRate, weightDecay,
                    validationFraction, patience, centering, newSeed, mode);
        }

        public Settings withMaxEpochs(int epochs) {
            return new Settings(hiddenSize, dropout, epochs, batchSize, learningRate, weightDecay,
                    validationFraction, patience, centering, seed, mode);
        }

        public Settings withValidationFraction(double fraction) {
            return new Settings(hiddenSize, dropout, maxEpochs, batchSize, learningRate, weightDecay,
                    fraction, patience, centering, seed, mode);
        }
    }

    /** What one epoch did; validation fields are NaN when there is no validation set. */
    public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double trainMargin,
                               double validationLoss, double validationAccuracy, double validationMargin) {
    }

    static EpochMetrics bestOf(List<EpochMetrics> history, int bestEpoch) {
        return history.stream().filter(m -> m.epoch() == bestEpoch).findFirst().orElseThrow();
    }

    @FunctionalInterface
    public interface Listener {
        void epochFinished(EpochMetrics metrics);
    }

    /** Embedded training data: row i of {@code chosen}/{@code rejected} are the features of pair i. */
    public record FeatureSet(float[] chosen, float[] rejected, float[] margins, int width) {
        public int size() {
            return margins.length;
        }
    }

    /** What a training of either mode says about itself (a model's manifest records it). */
    public interface Provenance {
        Settings settings();

        List<EpochMetrics> history();

        int bestEpoch();

        int trainingPairs();

        int validationPairs();

        int trainingPrompts();

        int validationPrompts();

        String dataHash();

        String device();

        /** The metrics of the best epoch, whose parameters are the result. */
        default EpochMetrics best() {
            return bestOf(history(), bestEpoch());
        }
    }

    public record Result(byte[] parameters, RewardHead.Architecture architecture, Settings settings,
                         List<EpochMetrics> history, int bestEpoch, int trainingPairs, int validationPairs,
                         int trainingPrompts, int validationPrompts, String dataHash, String device) implements Provenance {
    }

    private final Settings settings;

    public RewardHeadTrainer(Settings settings) {
        this.settings = settings;
    }

    /** Splits by prompt, embeds every distinct text once, trains. */
    public Result train(List<PreferencePair> pairs, TextEmbedder embedder, Listener listener) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no preference pairs to train on");
        }
        PromptSplit.Split<PreferencePair> split =
                PromptSplit.byPrompt(pairs, PreferencePair::prompt, settings.validationFraction(), settings.seed());
        Vectors vectors = embedDistinct(pairs, embedder);
        FeatureSet training = features(split.training(), vectors);
        FeatureSet validation = features(split.validation(), vectors);
        Fit fit = fit(training, validation, listener);
        return new Result(fit.parameters, fit.architecture, settings, fit.history, fit.bestEpoch,
                training.size(), validation.size(), distinctPrompts(split.training()), distinctPrompts(split.validation()),
                dataHash(pairs), fit.device);
    }

    /** The embedding of each distinct prompt ({@link TextEmbedder#embedPrompts}) and reply of the pairs. */
    record Vectors(Map<String, float[]> prompts, Map<String, float[]> replies) {
    }

    static Vectors embedDistinct(List<PreferencePair> pairs, TextEmbedder embedder) {
        Map<String, float[]> prompts = new LinkedHashMap<>();
        Map<String, float[]> replies = new LinkedHashMap<>();
        for (PreferencePair pair : pairs) {
            prompts.put(pair.prompt(), null);
            replies.put(pair.chosen(), null);
            replies.put(pair.rejected(), null);
        }
        List<String> promptTexts = new ArrayList<>(prompts.keySet());
        float[][] promptVectors = embedder.embedPrompts(promptTexts);
        for (int i = 0; i < promptTexts.size(); i++) {
            prompts.put(promptTexts.get(i), promptVectors[i]);
        }
        List<String> replyTexts = new ArrayList<>(replies.keySet());
        float[][] replyVectors = embedder.embed(replyTexts);
        for (int i = 0; i < replyTexts.size(); i++) {
            replies.put(replyTexts.get(i), replyVectors[i]);
        }
        return new Vectors(prompts, replies);
    }

    /** Feature rows for pairs whose texts are all in {@code vectors}. */
    public static FeatureSet features(List<PreferencePair> pairs, Vectors vectors) {
        int embedding = vectors.replies().isEmpty() ? SentenceEncoder.DIMENSIONS
                : vectors.replies().values().iterator().next().length;
        int width = 2 * embedding;
        float[] chosen = new float[pairs.size() * width];
        float[] rejected = new float[pairs.size() * width];
        float[] margins = new float[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair pair = pairs.get(i);
            float[] prompt = vectors.prompts().get(pair.prompt());
            RewardHead.features(prompt, vectors.replies().get(pair.chosen()), chosen, i * width);
            RewardHead.features(prompt, vectors.replies().get(pair.rejected()), rejected, i * width);
            margins[i] = (float) pair.margin();
        }
        return new FeatureSet(chosen, rejected, margins, width);
    }

    public record Fit(byte[] parameters, RewardHead.Architecture architecture, List<EpochMetrics> history,
                       int bestEpoch, String device) {
    }

    /** The training loop proper, on features already computed. */
    public Fit fit(FeatureSet training, FeatureSet validation, Listener listener) {
        if (training.size() == 0) {
            throw new IllegalArgumentException("no training pairs after the split");
        }
        Engine engine = ModelEngines.pytorch();
        engine.setRandomSeed((int) settings.seed());
        Device device = ModelEngines.trainingDevice();
        RewardHead.Architecture architecture =
                new RewardHead.Architecture(training.width() / 2, settings.hiddenSize(), settings.dropout());
        DefaultTrainingConfig config = new DefaultTrainingConfig(new BradleyTerryLoss(settings.centering()))
                .optOptimizer(Optimizer.adamW()
                        .optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                        .optWeightDecays(settings.weightDecay())
                        .build())
                .optDevices(new Device[] {device});
        List<EpochMetrics> history = new ArrayList<>();
        try (Model model = Model.newInstance("reward-head", device, RewardHead.ENGINE)) {
            model.setBlock(RewardHead.block(architecture));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, training.width()));
                NDManager manager = trainer.getManager();
                PairRows train = rows(manager, training);
                PairRows held = validation.size() == 0 ? null : rows(manager, validation);
                Random order = new Random(settings.seed());
                EarlyStopping stopping = new EarlyStopping(held != null, settings.patience());
                for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("training interrupted at epoch " + epoch);
                    }
                    double[] trainStats = trainEpoch(trainer, train, PairRows.shuffled(training.size(), order));
                    double[] heldStats = held == null ? new double[] {Double.NaN, Double.NaN, Double.NaN} : evaluate(trainer, held);
                    EpochMetrics metrics = new EpochMetrics(epoch, trainStats[0], trainStats[1], trainStats[2],
                            heldStats[0], heldStats[1], heldStats[2]);
                    history.add(metrics);
                    boolean stop = stopping.record(epoch, heldStats[0], () -> parameters(model));
                    listener.epochFinished(metrics);
                    if (stop) {
                        break;
                    }
                }
                return new Fit(stopping.best(() -> parameters(model)), architecture, List.copyOf(history),
                        stopping.bestEpoch(), device.toString());
            }
        }
    }

    /** Rows of one data set, on the training device for the whole run. */
    private static PairRows rows(NDManager manager, FeatureSet set) {
        Shape shape = new Shape(set.size(), set.width());
        return new PairRows(manager.create(set.chosen(), shape), manager.create(set.rejected(), shape),
                manager.create(set.margins()), set.size());
    }

    /**
     * One pass over the training rows: mean loss, accuracy, margin r(chosen) − r(rejected). Per batch
     * only the detached loss and differences are kept (views, no copies); they are reduced once per
     * epoch, on the device: reading them per batch would make a GPU wait, and reducing them per batch
     * cost a fifth of the throughput on the CPU (bench/reward-model.sh).
     */
    private double[] trainEpoch(Trainer trainer, PairRows rows, long[] permutation) {
        int batchSize = settings.batchSize();
        try (NDManager epoch = trainer.getManager().newSubManager()) {
            NDList losses = new NDList();
            NDList differences = new NDList();
            float[] weights = new float[(rows.size() + batchSize - 1) / batchSize];
            for (int start = 0, b = 0; start < rows.size(); start += batchSize, b++) {
                int end = Math.min(rows.size(), start + batchSize);
                int n = end - start;
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    PairRows batch = rows.batch(scope, permutation, start, end);
                    NDArray margins = batch.margins();
                    NDArray input = NDArrays.concat(new NDList(batch.chosen(), batch.rejected()));
                    // one gradient collector per process (DJL PyTorch): another training in this process waits a step
                    synchronized (ModelEngines.GRADIENTS) {
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray rewards = trainer.forward(new NDList(input)).singletonOrThrow().reshape(-1);
                            NDArray batchLoss = trainer.getLoss().evaluate(new NDList(margins), new NDList(rewards));
                            collector.backward(batchLoss);
                            NDArray pairs = rewards.stopGradient().reshape(2, n);
                            NDArray difference = pairs.get(0).sub(pairs.get(1));
                            NDArray lossValue = batchLoss.stopGradient();
                            difference.attach(epoch);
                            lossValue.attach(epoch);
                            differences.add(difference);
                            losses.add(lossValue);
                            weights[b] = n;
                        }
                    }
                    trainer.step();
                }
            }
            NDArray all = NDArrays.concat(differences);
            double loss = NDArrays.stack(losses).mul(epoch.create(weights)).sum().getFloat();
            double correct = all.gt(0).sum().getLong();
            double margin = all.sum().getFloat();
            return new double[] {loss / rows.size(), correct / rows.size(), margin / rows.size()};
        }
    }

    /** Loss, accuracy and mean margin on held-out rows, without dropout. */
    private static double[] evaluate(Trainer trainer, PairRows rows) {
        try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray input = NDArrays.concat(new NDList(rows.chosen(), rows.rejected()));
            input.attach(scope);
            NDArray rewards = trainer.evaluate(new NDList(input)).singletonOrThrow().reshape(-1);
            NDArray loss = trainer.getLoss().evaluate(new NDList(rows.margins()), new NDList(rewards));
            int n = rows.size();
            NDArray difference = rewards.get("0:" + n).sub(rewards.get(n + ":"));
            double accuracy = difference.gt(0).sum().getLong() / (double) n;
            return new double[] {loss.getFloat(), accuracy, difference.mean().getFloat()};
        }
    }


    private static byte[] parameters(Model model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int distinctPrompts(List<PreferencePair> pairs) {
        return (int) pairs.stream().map(PreferencePair::prompt).distinct().count();
    }

    /**
     * SHA-256 over the pairs in order (length-prefixed fields, so no two data sets collide by
     * concatenation): the data a model was trained on, recorded in its manifest.
     */
    public static String dataHash(List<PreferencePair> pairs) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (PreferencePair pair : pairs) {
                for (String field : new String[] {pair.prompt(), pair.chosen(), pair.rejected(), Double.toString(pair.margin())}) {
                    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                    digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                    digest.update(bytes);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
