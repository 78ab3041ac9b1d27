package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.laurel.platform.ModelEngines;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Trains the {@link MiniLm} encoder together with the reward head (the "end-to-end" mode), starting
 * from the shipped all-MiniLM-L6-v2 weights: Bradley-Terry loss, AdamW with a linear warm-up then a
 * linear decay to zero, a smaller learning rate for the encoder than for the fresh head, gradient
 * accumulation over micro-batches, early stopping on held-out prompts ({@link PromptSplit},
 * {@link EarlyStopping}). On a GPU the matrix products run in FP16 with a static loss scale; on the
 * CPU everything stays FP32. The frozen-encoder {@link RewardHeadTrainer} stays the fast default.
 */
public final class EndToEndTrainer {

    /**
     * What only this mode needs: the encoder's peak learning rate (the head's is the settings'), the token
     * window, pairs per forward pass (an update accumulates the gradients of the settings' {@code batchSize}
     * pairs), the warm-up's share of all updates, and dropout inside the encoder.
     */
    public record Options(float encoderLearningRate, int maxTokens, int microBatch, double warmupFraction,
                          float encoderDropout) {
        public static Options defaults() {
            return new Options(3e-5f, 128, 8, 0.1, 0.1f);
        }

        public Options withMaxTokens(int tokens) {
            return new Options(encoderLearningRate, tokens, microBatch, warmupFraction, encoderDropout);
        }
    }

    public record Result(byte[] parameters, EndToEndRewardModel.Architecture architecture, RewardHeadTrainer.Settings settings,
                         Options options, List<RewardHeadTrainer.EpochMetrics> history, int bestEpoch, int trainingPairs,
                         int validationPairs, int trainingPrompts, int validationPrompts, String dataHash, String device,
                         double pairsPerSecond) {
        public RewardHeadTrainer.EpochMetrics best() {
            return history.stream().filter(m -> m.epoch() == bestEpoch).findFirst().orElseThrow();
        }
    }

    /** FP16 gradients of small losses underflow; the loss is scaled up and the gradients down by as much. */
    private static final float LOSS_SCALE = 1024f;

    private final RewardHeadTrainer.Settings settings;
    private final Options options;

    public EndToEndTrainer(RewardHeadTrainer.Settings settings, Options options) {
        this.settings = settings;
        this.options = options;
    }

    /** Splits by prompt, trains, keeps the parameters of the epoch with the best validation loss. */
    public Result train(List<PreferencePair> pairs, RewardHeadTrainer.Listener listener) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no preference pairs to train on");
        }
        PromptSplit.Split<PreferencePair> split =
                PromptSplit.byPrompt(pairs, PreferencePair::prompt, settings.validationFraction(), settings.seed());
        if (split.training().isEmpty()) {
            throw new IllegalArgumentException("no training pairs after the split");
        }
        Engine engine = ModelEngines.pytorch();
        engine.setRandomSeed((int) settings.seed());
        Device device = ModelEngines.trainingDevice();
        boolean half = device.isGpu();
        EndToEndRewardModel.Architecture architecture = new EndToEndRewardModel.Architecture(
                settings.hiddenSize(), settings.dropout(), options.encoderDropout(), options.maxTokens());
        int updatesPerEpoch = (split.training().size() + pairsPerUpdate() - 1) / pairsPerUpdate();
        int totalUpdates = Math.max(1, updatesPerEpoch * settings.maxEpochs());
        EndToEndRewardModel.Network network = new EndToEndRewardModel.Network(architecture);
        network.encoder().setHalfPrecision(half);
        Set<String> encoderParameters = new HashSet<>();
        network.encoder().getParameters().values().forEach(p -> encoderParameters.add(p.getId()));
        float gradientScale = (half ? 1 / LOSS_SCALE : 1f);
        Optimizer optimizer = new Grouped(encoderParameters,
                adamW(options.encoderLearningRate(), totalUpdates, gradientScale),
                adamW(settings.learningRate(), totalUpdates, gradientScale));
        DefaultTrainingConfig config = new DefaultTrainingConfig(new BradleyTerryLoss(settings.centering()))
                .optOptimizer(optimizer)
                .optDevices(new Device[] {device});
        List<RewardHeadTrainer.EpochMetrics> history = new ArrayList<>();
        long trainingNanos = 0;
        long trainedPairs = 0;
        try (Model model = Model.newInstance("end-to-end-reward-model", device, RewardHead.ENGINE);
             EndToEndRewardModel.Tokens tokens = new EndToEndRewardModel.Tokens(options.maxTokens())) {
            model.setBlock(network);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(EndToEndRewardModel.inputShapes());
                network.encoder().loadOnnx(MiniLm.shippedWeights());
                Random order = new Random(settings.seed());
                EarlyStopping stopping = new EarlyStopping(!split.validation().isEmpty(), settings.patience());
                for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("training interrupted at epoch " + epoch);
                    }
                    long started = System.nanoTime();
                    double[] trainStats = trainEpoch(trainer, tokens, split.training(),
                            PairRows.shuffled(split.training().size(), order), half);
                    trainingNanos += System.nanoTime() - started;
                    trainedPairs += split.training().size();
                    double[] heldStats = split.validation().isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                            : evaluate(trainer, tokens, split.validation());
                    RewardHeadTrainer.EpochMetrics metrics = new RewardHeadTrainer.EpochMetrics(epoch, trainStats[0],
                            trainStats[1], trainStats[2], heldStats[0], heldStats[1], heldStats[2]);
                    history.add(metrics);
                    boolean stop = stopping.record(epoch, heldStats[0], () -> ScorerFineTuner.parameters(network));
                    listener.epochFinished(metrics);
                    if (stop) {
                        break;
                    }
                }
                return new Result(stopping.best(() -> ScorerFineTuner.parameters(network)), architecture, settings,
                        options, List.copyOf(history), stopping.bestEpoch(), split.training().size(),
                        split.validation().size(), distinctPrompts(split.training()), distinctPrompts(split.validation()),
                        RewardHeadTrainer.dataHash(pairs), device.toString(), trainedPairs / (trainingNanos / 1e9));
            }
        }
    }

    private int pairsPerUpdate() {
        return Math.max(settings.batchSize(), options.microBatch());
    }

    /** Forward passes per update. */
    private int accumulation() {
        return (pairsPerUpdate() + options.microBatch() - 1) / options.microBatch();
    }

    /** AdamW whose rate rises linearly over the first updates, then falls linearly to zero at the last. */
    private Optimizer adamW(float peak, int totalUpdates, float gradientScale) {
        int warmup = (int) Math.max(1, Math.round(options.warmupFraction() * totalUpdates));
        Tracker schedule = update -> {
            if (update <= warmup) {
                return peak * update / warmup;
            }
            return peak * Math.max(0f, (totalUpdates - update) / (float) Math.max(1, totalUpdates - warmup));
        };
        return Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(settings.weightDecay())
                .setRescaleGrad(gradientScale).build();
    }

    /**
     * One pass over the training pairs: mean loss, accuracy, margin. Each micro-batch's gradients add up in
     * the parameters until the update; the process-wide gradient lock is held per micro-batch, so another
     * training in this process takes turns with this one.
     */
    private double[] trainEpoch(Trainer trainer, EndToEndRewardModel.Tokens tokens, List<PreferencePair> pairs,
                                long[] permutation, boolean half) {
        int micro = options.microBatch();
        double loss = 0;
        double correct = 0;
        double margin = 0;
        int passes = 0;
        for (int start = 0; start < pairs.size(); start += micro) {
            int end = Math.min(pairs.size(), start + micro);
            List<PreferencePair> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                batch.add(pairs.get((int) permutation[i]));
            }
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDList in = inputs(tokens, scope, batch);
                NDArray margins = scope.create(margins(batch));
                int n = batch.size();
                synchronized (ModelEngines.GRADIENTS) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray rewards = trainer.forward(in).singletonOrThrow().reshape(-1);
                        NDArray batchLoss = trainer.getLoss().evaluate(new NDList(margins), new NDList(rewards));
                        // a micro-batch's share of the update: its pairs over the pairs of a full update
                        float share = n / (float) pairsPerUpdate() * (half ? LOSS_SCALE : 1f);
                        collector.backward(batchLoss.mul(share));
                        float[] r = rewards.toFloatArray();
                        loss += batchLoss.getFloat() * n;
                        for (int i = 0; i < n; i++) {
                            correct += r[i] > r[n + i] ? 1 : 0;
                            margin += r[i] - r[n + i];
                        }
                    }
                }
            }
            passes++;
            if (passes % accumulation() == 0 || end == pairs.size()) {
                trainer.step();
            }
        }
        return new double[] {loss / pairs.size(), correct / pairs.size(), margin / pairs.size()};
    }

    /** Loss, accuracy and mean margin on held-out pairs, without dropout. */
    private double[] evaluate(Trainer trainer, EndToEndRewardModel.Tokens tokens, List<PreferencePair> pairs) {
        double loss = 0;
        double correct = 0;
        double margin = 0;
        for (int start = 0; start < pairs.size(); start += options.microBatch()) {
            List<PreferencePair> batch = pairs.subList(start, Math.min(pairs.size(), start + options.microBatch()));
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray rewards = trainer.evaluate(inputs(tokens, scope, batch)).singletonOrThrow().reshape(-1);
                int n = batch.size();
                loss += trainer.getLoss().evaluate(new NDList(scope.create(margins(batch))), new NDList(rewards)).getFloat() * n;
                float[] r = rewards.toFloatArray();
                for (int i = 0; i < n; i++) {
                    correct += r[i] > r[n + i] ? 1 : 0;
                    margin += r[i] - r[n + i];
                }
            }
        }
        return new double[] {loss / pairs.size(), correct / pairs.size(), margin / pairs.size()};
    }

    /** Prompts once, then the chosen replies, then the rejected ones: the loss reads rewards in that order. */
    static NDList inputs(EndToEndRewardModel.Tokens tokens, NDManager manager, List<PreferencePair> batch) {
        List<String> prompts = batch.stream().map(PreferencePair::prompt).toList();
        List<String> replies = new ArrayList<>(2 * batch.size());
        batch.forEach(p -> replies.add(p.chosen()));
        batch.forEach(p -> replies.add(p.rejected()));
        return tokens.inputs(manager, prompts, replies);
    }

    private static float[] margins(List<PreferencePair> batch) {
        float[] margins = new float[batch.size()];
        for (int i = 0; i < margins.length; i++) {
            margins[i] = (float) batch.get(i).margin();
        }
        return margins;
    }

    private static int distinctPrompts(List<PreferencePair> pairs) {
        return (int) pairs.stream().map(PreferencePair::prompt).distinct().count();
    }

    /** Two optimisers, one for the encoder's parameters and one for the rest (the head). */
    private static final class Grouped extends Optimizer {
        private final Set<String> encoder;
        private final Optimizer encoderOptimizer;
        private final Optimizer headOptimizer;

        Grouped(Set<String> encoder, Optimizer encoderOptimizer, Optimizer headOptimizer) {
            super(new Optimizer.OptimizerBuilder<>() {
                @Override
                protected Optimizer.OptimizerBuilder self() {
                    return this;
                }
            });
            this.encoder = encoder;
            this.encoderOptimizer = encoderOptimizer;
            this.headOptimizer = headOptimizer;
        }

        @Override
        public void update(String parameterId, NDArray weight, NDArray grad) {
            (encoder.contains(parameterId) ? encoderOptimizer : headOptimizer).update(parameterId, weight, grad);
        }
    }
}
