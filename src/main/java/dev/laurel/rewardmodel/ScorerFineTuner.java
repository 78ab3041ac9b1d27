package dev.laurel.rewardmodel;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.laurel.platform.ModelEngines;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Fine-tunes a whole uploaded {@link TextScorer} — every weight, embedding included — with the same
 * {@link BradleyTerryLoss} and the same protocol as the reward head: split by prompt, AdamW, early
 * stopping on the validation loss, the best epoch's parameters as the result, deterministic for a
 * seed on the CPU. The head's hidden size and dropout do not apply: the uploaded architecture decides.
 */
public final class ScorerFineTuner {
    private final RewardHeadTrainer.Settings settings;

    public ScorerFineTuner(RewardHeadTrainer.Settings settings) {
        this.settings = settings;
    }

    public record Result(byte[] parameters, List<RewardHeadTrainer.EpochMetrics> history, int bestEpoch, int trainingPairs,
                         int validationPairs, String device) {
        public RewardHeadTrainer.EpochMetrics best() {
            return history.stream().filter(m -> m.epoch() == bestEpoch).findFirst().orElseThrow();
        }
    }

    /** Token rows of one data set: chosen and rejected items, (pairs, maxBytes) each. */
    private static PairRows rows(NDManager manager, List<PreferencePair> pairs, int length) {
        long[] chosen = new long[pairs.size() * length];
        long[] rejected = new long[pairs.size() * length];
        float[] margins = new float[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            PreferencePair pair = pairs.get(i);
            TextScorer.tokens(pair.prompt(), pair.chosen(), length, chosen, i * length);
            TextScorer.tokens(pair.prompt(), pair.rejected(), length, rejected, i * length);
            margins[i] = (float) pair.margin();
        }
        Shape shape = new Shape(pairs.size(), length);
        return new PairRows(manager.create(chosen, shape), manager.create(rejected, shape), manager.create(margins), pairs.size());
    }

    public Result fineTune(byte[] baseParameters, TextScorer.Architecture architecture, List<PreferencePair> pairs,
                           RewardHeadTrainer.Listener listener) {
        PromptSplit.Split<PreferencePair> split =
                PromptSplit.byPrompt(pairs, PreferencePair::prompt, settings.validationFraction(), settings.seed());
        if (split.training().isEmpty()) {
            throw new IllegalArgumentException("no training pairs after the split");
        }
        ModelEngines.pytorch().setRandomSeed((int) settings.seed());
        Device device = ModelEngines.trainingDevice();
        BradleyTerryLoss loss = new BradleyTerryLoss(settings.centering());
        try (Model model = Model.newInstance("text-scorer", device, ModelEngines.PYTORCH)) {
            NDManager manager = model.getNDManager();
            Block block = TextScorer.load(manager, architecture, baseParameters);
            model.setBlock(block);
            for (Pair<String, Parameter> p : block.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
            Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                    .optWeightDecays(settings.weightDecay()).build();
            PairRows train = rows(manager, split.training(), architecture.maxBytes());
            PairRows held = split.validation().isEmpty() ? null : rows(manager, split.validation(), architecture.maxBytes());
            Random order = new Random(settings.seed());
            List<RewardHeadTrainer.EpochMetrics> history = new ArrayList<>();
            EarlyStopping stopping = new EarlyStopping(held != null, settings.patience());
            for (int epoch = 1; epoch <= settings.maxEpochs(); epoch++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("fine-tuning interrupted at epoch " + epoch);
                }
                double[] t = trainEpoch(block, optimizer, loss, manager, train, order);
                double[] v = held == null ? new double[] {Double.NaN, Double.NaN, Double.NaN} : evaluate(block, loss, manager, held);
                RewardHeadTrainer.EpochMetrics metrics = new RewardHeadTrainer.EpochMetrics(epoch, t[0], t[1], t[2], v[0], v[1], v[2]);
                history.add(metrics);
                boolean stop = stopping.record(epoch, v[0], () -> parameters(block));
                listener.epochFinished(metrics);
                if (stop) {
                    break;
                }
            }
            return new Result(stopping.best(() -> parameters(block)), List.copyOf(history), stopping.bestEpoch(), train.size(), held == null ? 0 : held.size(), device.toString());
        }
    }

    private double[] trainEpoch(Block block, Optimizer optimizer, BradleyTerryLoss loss, NDManager manager, PairRows rows, Random order) {
        long[] permutation = PairRows.shuffled(rows.size(), order);
        double lossSum = 0;
        double correct = 0;
        double margin = 0;
        for (int start = 0; start < rows.size(); start += settings.batchSize()) {
            int end = Math.min(rows.size(), start + settings.batchSize());
            int n = end - start;
            try (NDManager scope = manager.newSubManager()) {
                PairRows batch = rows.batch(scope, permutation, start, end);
                NDArray margins = batch.margins();
                ParameterStore store = new ParameterStore(scope, false);
                // one gradient collector per process (DJL PyTorch): another training in this process waits a step
                synchronized (ModelEngines.GRADIENTS) {
                    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
                        NDArray rewards = block.forward(store, new NDList(NDArrays.concat(new NDList(batch.chosen(), batch.rejected()))), true)
                                .singletonOrThrow().reshape(-1);
                        NDArray batchLoss = loss.evaluate(new NDList(margins), new NDList(rewards));
                        collector.backward(batchLoss);
                        // a scorer step costs far more than reading three numbers: no need to keep them on the device
                        float[] r = rewards.stopGradient().toFloatArray();
                        lossSum += batchLoss.getFloat() * n;
                        for (int i = 0; i < n; i++) {
                            double d = r[i] - r[n + i];
                            correct += d > 0 ? 1 : 0;
                            margin += d;
                        }
                    }
                }
                for (Pair<String, Parameter> p : block.getParameters()) {
                    NDArray weight = p.getValue().getArray();
                    optimizer.update(p.getValue().getId(), weight, weight.getGradient());
                }
            }
        }
        return new double[] {lossSum / rows.size(), correct / rows.size(), margin / rows.size()};
    }

    /** Held-out loss, accuracy and margin without dropout, a batch at a time (token rows are large). */
    private double[] evaluate(Block block, BradleyTerryLoss loss, NDManager manager, PairRows rows) {
        int n = rows.size();
        double lossSum = 0;
        double correct = 0;
        double margin = 0;
        for (int start = 0; start < n; start += settings.batchSize()) {
            int end = Math.min(n, start + settings.batchSize());
            try (NDManager scope = manager.newSubManager()) {
                NDIndex range = new NDIndex(start + ":" + end);
                NDArray input = NDArrays.concat(new NDList(rows.chosen().get(range), rows.rejected().get(range)));
                NDArray margins = rows.margins().get(range);
                input.attach(scope);
                margins.attach(scope);
                NDArray rewards = block.forward(new ParameterStore(scope, false), new NDList(input), false).singletonOrThrow().reshape(-1);
                lossSum += loss.evaluate(new NDList(margins), new NDList(rewards)).getFloat() * (end - start);
                float[] r = rewards.toFloatArray();
                int m = end - start;
                for (int i = 0; i < m; i++) {
                    double d = r[i] - r[m + i];
                    correct += d > 0 ? 1 : 0;
                    margin += d;
                }
            }
        }
        return new double[] {lossSum / n, correct / n, margin / n};
    }

    static byte[] parameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
