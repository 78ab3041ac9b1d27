package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
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
import java.util.function.IntConsumer;

/**
 * Trains the {@link MiniLm} encoder together with the reward head (the "end-to-end" mode), starting
 * from the shipped all-MiniLM-L6-v2 weights: Bradley-Terry loss, AdamW with a linear warm-up then a
 * linear decay to zero, gradient accumulation over micro-batches, early stopping on held-out prompts
 * ({@link PromptSplit}, {@link EarlyStopping}). On a GPU the matrix products run in FP16 with a static
 * loss scale; on the CPU everything stays FP32. The frozen-encoder {@link RewardHeadTrainer} stays the
 * fast default.
 *
 * <p>By default the head is first fitted on the pretrained encoder's features exactly as in the frozen
 * mode (a linear probe), then encoder and head are fine-tuned together at one small rate (LP-FT,
 * Kumar et al. 2022): fine-tuning from a random head sends its large, noisy gradients through the
 * pretrained encoder before the head has learnt anything (the features get distorted), and with a few
 * hundred pairs there is little data to repair them. The probed model is "epoch 0" for early stopping, so
 * fine-tuning is kept only where it lowers the validation loss: the probe, which is the frozen mode at
 * this window, is the floor.
 *
 * <p>Training reads whole prompts ({@link PromptGroup}, InstructGPT's recipe): the prompt and each distinct
 * reply are encoded once per epoch, and the loss of a prompt is the vote-weighted mean over all its voted
 * pairs, every prompt of a step counting the same. Pair by pair, a reply in {@code k} pairs went through
 * the encoder {@code k} times an epoch and a prompt once per pair (Vicuna80: 6 texts a question instead of
 * about 26), and a prompt with many pairs weighed that many times more. Validation figures stay per pair.
 */
public final class EndToEndTrainer {

    /**
     * What only this mode needs: the encoder's peak learning rate, the token window, pairs per forward pass
     * (whole prompts until there are that many; an update accumulates whole prompts until the settings'
     * {@code batchSize} pairs), the warm-up's share of
     * all updates, dropout inside the encoder, and whether the head is probed first. With {@code probeFirst}
     * the fine-tuning stage moves the head at the encoder's rate too (it starts trained); without it the
     * fresh head learns at the settings' rate.
     */
    public record Options(float encoderLearningRate, int maxTokens, int microBatch, double warmupFraction,
                          float encoderDropout, boolean probeFirst) {
        /**
         * The frozen mode's window (256 tokens), not less: at 128 tokens the frozen head itself loses about
         * 5 points on LFQA (10 folds: 0.627 vs 0.673), long answers being cut in half.
         */
        public static Options defaults() {
            return new Options(1e-5f, SentenceEncoder.DEFAULT_MAX_TOKENS, 8, 0.1, 0.1f, true);
        }

        public Options withMaxTokens(int tokens) {
            return new Options(encoderLearningRate, tokens, microBatch, warmupFraction, encoderDropout, probeFirst);
        }

        public Options withEncoderLearningRate(float rate) {
            return new Options(rate, maxTokens, microBatch, warmupFraction, encoderDropout, probeFirst);
        }

        public Options withProbeFirst(boolean probe) {
            return new Options(encoderLearningRate, maxTokens, microBatch, warmupFraction, encoderDropout, probe);
        }
    }

    public record Result(byte[] parameters, EndToEndRewardModel.Architecture architecture, RewardHeadTrainer.Settings settings,
                         Options options, List<RewardHeadTrainer.EpochMetrics> history, int bestEpoch, int trainingPairs,
                         int validationPairs, int trainingPrompts, int validationPrompts, int trainingSequences,
                         String dataHash, String device, double pairsPerSecond) implements RewardHeadTrainer.Provenance {
    }

    /** FP16 gradients of small losses underflow; the loss is scaled up and the gradients down by as much. */
    private static final float LOSS_SCALE = 1024f;

    private final RewardHeadTrainer.Settings settings;
    private final Options options;
    private final BradleyTerryLoss loss;
    private IntConsumer encoded = texts -> { };

    public EndToEndTrainer(RewardHeadTrainer.Settings settings, Options options) {
        this.settings = settings;
        this.options = options;
        this.loss = new BradleyTerryLoss(settings.centering());
    }

    /** Sees the number of texts (prompts and replies) of each training forward pass: tests count encodings. */
    EndToEndTrainer onTrainingPass(IntConsumer texts) {
        this.encoded = texts;
        return this;
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
        List<PromptGroup> training = PromptGroup.of(split.training());
        List<PromptGroup> validation = PromptGroup.of(split.validation());
        Engine engine = ModelEngines.pytorch();
        engine.setRandomSeed((int) settings.seed());
        Device device = ModelEngines.trainingDevice();
        boolean half = device.isGpu();
        EndToEndRewardModel.Architecture architecture = new EndToEndRewardModel.Architecture(
                settings.hiddenSize(), settings.dropout(), options.encoderDropout(), options.maxTokens());
        // PromptGroup.chunks never makes more steps than this (each but the last holds ≥ pairsPerUpdate pairs)
        int updatesPerEpoch = (split.training().size() + pairsPerUpdate() - 1) / pairsPerUpdate();
        int totalUpdates = Math.max(1, updatesPerEpoch * settings.maxEpochs());
        EndToEndRewardModel.Network network = new EndToEndRewardModel.Network(architecture);
        network.encoder().setHalfPrecision(half);
        Set<String> encoderParameters = new HashSet<>();
        network.encoder().getParameters().values().forEach(p -> encoderParameters.add(p.getId()));
        float gradientScale = (half ? 1 / LOSS_SCALE : 1f);
        float headRate = options.probeFirst() ? options.encoderLearningRate() : settings.learningRate();
        Optimizer optimizer = new Grouped(encoderParameters,
                adamW(options.encoderLearningRate(), totalUpdates, gradientScale),
                adamW(headRate, totalUpdates, gradientScale));
        DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
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
                if (options.probeFirst()) {
                    RewardHeadTrainer.EpochMetrics probed = probe(trainer, network, tokens, split, validation);
                    history.add(probed);
                    stopping.record(0, probed.validationLoss(), () -> ScorerFineTuner.parameters(network));
                    listener.epochFinished(probed);
                }
                for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("training interrupted at epoch " + epoch);
                    }
                    long started = System.nanoTime();
                    double[] trainStats = trainEpoch(trainer, tokens, training, order, half);
                    trainingNanos += System.nanoTime() - started;
                    trainedPairs += split.training().size();
                    double[] heldStats = split.validation().isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                            : evaluate(trainer, tokens, validation);
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
                        split.validation().size(), training.size(), validation.size(),
                        training.stream().mapToInt(PromptGroup::sequences).sum(), RewardHeadTrainer.dataHash(pairs),
                        device.toString(), trainedPairs / (trainingNanos / 1e9));
            }
        }
    }

    /**
     * The linear probe: the head trained as in the frozen mode (its epochs, batch and patience, the
     * settings' head hyperparameters) on features of the pretrained encoder at this mode's window, then
     * copied into the network. Returned as epoch 0: the probe's training figures, and validation figures
     * measured through the network (they equal the probe's own when the copy is right).
     */
    private RewardHeadTrainer.EpochMetrics probe(Trainer trainer, EndToEndRewardModel.Network network,
                                                 EndToEndRewardModel.Tokens tokens, PromptSplit.Split<PreferencePair> split,
                                                 List<PromptGroup> validation) {
        TextEmbedder embedder = new TextEmbedder() {
            @Override
            public float[][] embed(List<String> texts) {
                return encode(trainer.getManager(), network.encoder(), tokens, texts, false);
            }

            @Override
            public float[][] embedPrompts(List<String> prompts) {
                return encode(trainer.getManager(), network.encoder(), tokens, prompts, true);
            }
        };
        List<PreferencePair> all = new ArrayList<>(split.training());
        all.addAll(split.validation());
        RewardHeadTrainer.Vectors vectors = RewardHeadTrainer.embedDistinct(all, embedder);
        RewardHeadTrainer.Settings frozen = RewardHeadTrainer.Settings.defaults();
        RewardHeadTrainer.Settings probing = new RewardHeadTrainer.Settings(settings.hiddenSize(), settings.dropout(),
                frozen.maxEpochs(), frozen.batchSize(), settings.learningRate(), settings.weightDecay(),
                settings.validationFraction(), frozen.patience(), settings.centering(), settings.seed());
        RewardHeadTrainer.Fit fit = new RewardHeadTrainer(probing).fit(RewardHeadTrainer.features(split.training(), vectors),
                RewardHeadTrainer.features(split.validation(), vectors), m -> { });
        network.loadHead(fit.parameters());
        RewardHeadTrainer.EpochMetrics best = RewardHeadTrainer.bestOf(fit.history(), fit.bestEpoch());
        double[] held = split.validation().isEmpty() ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : evaluate(trainer, tokens, validation);
        return new RewardHeadTrainer.EpochMetrics(0, best.trainLoss(), best.trainAccuracy(), best.trainMargin(),
                held[0], held[1], held[2]);
    }

    /** Unit vectors of texts by the encoder as it is now, without dropout. */
    private static float[][] encode(NDManager manager, MiniLm encoder, EndToEndRewardModel.Tokens tokens,
                                    List<String> texts, boolean prompts) {
        return SentenceEncoder.inLengthOrder(texts, ENCODE_BATCH, batch -> {
            try (NDManager scope = manager.newSubManager()) {
                NDList in = prompts ? tokens.prompts(scope, batch) : tokens.replies(scope, batch);
                NDArray out = encoder.forward(new ParameterStore(scope, false), in, false).singletonOrThrow();
                float[][] vectors = new float[batch.size()][];
                for (int k = 0; k < vectors.length; k++) {
                    vectors[k] = out.get(k).toFloatArray();
                }
                return vectors;
            }
        });
    }

    private static final int ENCODE_BATCH = 16;

    private int pairsPerUpdate() {
        return Math.max(settings.batchSize(), options.microBatch());
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
     * One pass over the training prompts, shuffled: mean loss, accuracy and margin per pair. A step takes
     * whole prompt groups until it holds the settings' {@code batchSize} pairs (so about as many steps as
     * pair-by-pair training), a forward pass whole groups until it holds {@code microBatch} pairs; each pass's
     * gradients add up in the parameters until the step. The process-wide gradient lock is held per pass,
     * so another training in this process takes turns with this one.
     */
    private double[] trainEpoch(Trainer trainer, EndToEndRewardModel.Tokens tokens, List<PromptGroup> groups,
                                Random order, boolean half) {
        long[] permutation = PairRows.shuffled(groups.size(), order);
        List<PromptGroup> shuffled = new ArrayList<>(groups.size());
        for (long i : permutation) {
            shuffled.add(groups.get((int) i));
        }
        double[] sums = new double[3];
        for (List<PromptGroup> step : PromptGroup.chunks(shuffled, pairsPerUpdate())) {
            for (List<PromptGroup> pass : PromptGroup.chunks(step, options.microBatch())) {
                try (NDManager scope = trainer.getManager().newSubManager()) {
                    PromptGroup.Batch batch = PromptGroup.Batch.of(scope, pass, step.size());
                    NDList in = tokens.inputs(scope, pass, batch);
                    encoded.accept((int) (in.get(0).getShape().get(0) + in.get(3).getShape().get(0)));
                    synchronized (ModelEngines.GRADIENTS) {
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray rewards = trainer.forward(in).singletonOrThrow().reshape(-1);
                            collector.backward(batch.loss(loss, rewards).mul(half ? LOSS_SCALE : 1f));
                            add(sums, batch.tally(loss, rewards));
                        }
                    }
                }
            }
            trainer.step();
        }
        return perPair(sums, PromptGroup.votes(groups));
    }

    /** Loss, accuracy and mean margin per held-out pair, without dropout. */
    private double[] evaluate(Trainer trainer, EndToEndRewardModel.Tokens tokens, List<PromptGroup> groups) {
        double[] sums = new double[3];
        for (List<PromptGroup> pass : PromptGroup.chunks(groups, options.microBatch())) {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                PromptGroup.Batch batch = PromptGroup.Batch.of(scope, pass, pass.size());
                NDArray rewards = trainer.evaluate(tokens.inputs(scope, pass, batch)).singletonOrThrow().reshape(-1);
                add(sums, batch.tally(loss, rewards));
            }
        }
        return perPair(sums, PromptGroup.votes(groups));
    }

    private static void add(double[] sums, double[] more) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += more[i];
        }
    }

    private static double[] perPair(double[] sums, int pairs) {
        return new double[] {sums[0] / pairs, sums[1] / pairs, sums[2] / pairs};
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
