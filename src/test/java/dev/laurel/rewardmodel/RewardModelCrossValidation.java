package dev.laurel.rewardmodel;

import dev.laurel.platform.ModelEngines;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Held-out accuracy of both training modes on the PRD sets, by the protocol of {@link HeldOutAccuracyTest}
 * (10 folds by prompt, 95% Wilson intervals), with training time per fold; the frozen head is also
 * reported on exactly the folds the end-to-end mode ran, fold by fold, for a like-for-like comparison
 * when only some folds fit in the time at hand. A main, not a test: it takes hours on a CPU. Run with
 * {@code bench/reward-model-cv.sh [lfqa,vicuna80] [maxFolds=10] [maxTokens=256] [epochs=2] [firstFold=0]
 * [encoderRate=1e-5] [probeFirst=true]}.
 */
public final class RewardModelCrossValidation {
    private static final int FOLDS = 10;

    private RewardModelCrossValidation() {
    }

    public static void main(String[] args) {
        EndToEndTrainer.Options defaults = EndToEndTrainer.Options.defaults();
        String sets = args.length > 0 ? args[0] : "lfqa,vicuna80";
        int maxFolds = args.length > 1 ? Integer.parseInt(args[1]) : FOLDS;
        int maxTokens = args.length > 2 ? Integer.parseInt(args[2]) : defaults.maxTokens();
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : RewardHeadTrainer.Settings.endToEnd().maxEpochs();
        int firstFold = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        float encoderRate = args.length > 5 ? Float.parseFloat(args[5]) : defaults.encoderLearningRate();
        boolean probeFirst = args.length > 6 ? Boolean.parseBoolean(args[6]) : defaults.probeFirst();
        ModelEngines.start();
        System.out.printf(Locale.ROOT, "device %s, %d processors; end-to-end: %d tokens, at most %d epochs, encoder rate %.0e, "
                        + "%s; folds %d–%d%n", ModelEngines.trainingDevice(), Runtime.getRuntime().availableProcessors(), maxTokens,
                epochs, encoderRate, probeFirst ? "linear probe first (LP-FT)" : "fresh head", firstFold, firstFold + maxFolds - 1);
        RewardHeadTrainer.Settings settings = RewardHeadTrainer.Settings.defaults();
        EndToEndTrainer.Options options = defaults.withMaxTokens(maxTokens).withEncoderLearningRate(encoderRate)
                .withProbeFirst(probeFirst);
        RewardHeadTrainer.Settings endToEndSettings = RewardHeadTrainer.Settings.endToEnd().withMaxEpochs(epochs);
        for (String set : sets.split(",")) {
            List<PreferencePair> pairs = set.equals("lfqa") ? PrdPreferences.lfqa() : PrdPreferences.vicuna80();
            CrossValidation.Outcome frozen;
            try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2()) {
                frozen = CrossValidation.run(pairs, encoder, FOLDS, settings);
            }
            System.out.printf(Locale.ROOT, "%s frozen head, %d folds: %s  (%.1f s/fold)%n", set, frozen.folds().size(),
                    frozen.accuracy(), frozen.folds().stream().mapToDouble(CrossValidation.Fold::seconds).average().orElse(0));
            printGrouping(set, pairs, firstFold, maxFolds, endToEndSettings);
            CrossValidation.Outcome endToEnd = CrossValidation.runEndToEnd(pairs, FOLDS, firstFold, maxFolds, endToEndSettings,
                    options, m -> System.out.printf(Locale.ROOT, "  epoch %d: train loss %.3f acc %.3f, validation loss %.3f acc %.3f%n",
                            m.epoch(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy()),
                    fold -> {
                        CrossValidation.Fold same = frozen.folds().get(fold.index());
                        System.out.printf(Locale.ROOT, "%s fold %d: frozen head %d/%d = %.3f (%.1f s), end-to-end %d/%d = %.3f "
                                        + "(best epoch %d, %.0f s)%n", set, fold.index(), same.correct(), same.pairs(),
                                same.correct() / (double) same.pairs(), same.seconds(), fold.correct(), fold.pairs(),
                                fold.correct() / (double) fold.pairs(), fold.bestEpoch(), fold.seconds());
                    });
            CrossValidation.Outcome sameFolds = CrossValidation.Outcome.of(
                    endToEnd.folds().stream().map(f -> frozen.folds().get(f.index())).toList());
            System.out.printf(Locale.ROOT, "%s on the same %d folds: frozen head %s, end-to-end %s, difference %s; "
                            + "end-to-end %.0f s/fold%n", set, endToEnd.folds().size(), sameFolds.accuracy(), endToEnd.accuracy(),
                    pairedDifference(sameFolds.folds(), endToEnd.folds()),
                    endToEnd.folds().stream().mapToDouble(CrossValidation.Fold::seconds).average().orElse(0));
        }
    }

    /** Student's t, two-sided 95%, by degrees of freedom 1–9 (10 folds at most). */
    private static final double[] T95 = {Double.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262};

    /**
     * End to end minus frozen head in points over the same folds, with a 95% interval that treats the folds as
     * paired clusters (a ratio estimator's variance across folds, Student's t): both modes answer the same held-out
     * pairs, so two overlapping Wilson intervals say little about their difference, and pairs of one fold share
     * prompts and a training run, so they are not independent either.
     */
    static String pairedDifference(List<CrossValidation.Fold> frozen, List<CrossValidation.Fold> endToEnd) {
        int folds = endToEnd.size();
        double pairs = endToEnd.stream().mapToInt(CrossValidation.Fold::pairs).sum();
        double[] gained = new double[folds];
        for (int i = 0; i < folds; i++) {
            gained[i] = endToEnd.get(i).correct() - frozen.get(i).correct();
        }
        double estimate = Arrays.stream(gained).sum() / pairs;
        if (folds < 2) {
            return String.format(Locale.ROOT, "%+.1f points", 100 * estimate);
        }
        double squares = 0;
        for (int i = 0; i < folds; i++) {
            double residual = gained[i] - estimate * endToEnd.get(i).pairs();
            squares += residual * residual;
        }
        double half = T95[folds - 1] * Math.sqrt(folds / (folds - 1.0) * squares) / pairs;
        return String.format(Locale.ROOT, "%+.1f points [%+.1f, %+.1f] (95%%, folds as paired clusters)",
                100 * estimate, 100 * (estimate - half), 100 * (estimate + half));
    }

    /**
     * What the end-to-end trainer reads per epoch on each fold (its training prompts, after its own validation
     * split): texts encoded grouped by prompt vs pair by pair (a prompt and two replies per pair).
     */
    private static void printGrouping(String set, List<PreferencePair> pairs, int firstFold, int maxFolds,
                                      RewardHeadTrainer.Settings settings) {
        List<PromptSplit.Split<PreferencePair>> folds = PromptSplit.folds(pairs, PreferencePair::prompt, FOLDS, settings.seed());
        for (int index = firstFold; index < Math.min(FOLDS, firstFold + maxFolds); index++) {
            List<PreferencePair> training = PromptSplit.byPrompt(folds.get(index).training(), PreferencePair::prompt,
                    settings.validationFraction(), settings.seed()).training();
            List<PromptGroup> groups = PromptGroup.of(training);
            int texts = groups.stream().mapToInt(PromptGroup::sequences).sum();
            System.out.printf(Locale.ROOT, "%s fold %d: %d training pairs, %d prompts, %d distinct voted pairs; texts encoded an "
                            + "epoch: %d grouped vs %d pair by pair (%.1fx fewer)%n", set, index, training.size(), groups.size(),
                    groups.stream().mapToInt(g -> g.comparisons().size()).sum(), texts, 3 * training.size(),
                    3.0 * training.size() / texts);
        }
    }
}
