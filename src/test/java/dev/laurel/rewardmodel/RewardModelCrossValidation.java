package dev.laurel.rewardmodel;

import dev.laurel.platform.ModelEngines;
import java.util.List;
import java.util.Locale;

/**
 * Held-out accuracy of both training modes on the PRD sets, by the protocol of {@link HeldOutAccuracyTest}
 * (10 folds by prompt, 95% Wilson intervals), with training time per fold; the frozen head is also
 * reported on exactly the folds the end-to-end mode ran, for a like-for-like comparison when only the
 * first folds fit in the time at hand. A main, not a test: it takes hours on a CPU. Run with
 * {@code bench/reward-model-cv.sh [lfqa,vicuna80] [maxFolds=10] [maxTokens=128] [epochs=4]}.
 */
public final class RewardModelCrossValidation {
    private static final int FOLDS = 10;

    private RewardModelCrossValidation() {
    }

    public static void main(String[] args) {
        String sets = args.length > 0 ? args[0] : "lfqa,vicuna80";
        int maxFolds = args.length > 1 ? Integer.parseInt(args[1]) : FOLDS;
        int maxTokens = args.length > 2 ? Integer.parseInt(args[2]) : EndToEndTrainer.Options.defaults().maxTokens();
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : RewardHeadTrainer.Settings.endToEnd().maxEpochs();
        ModelEngines.start();
        System.out.printf(Locale.ROOT, "device %s, %d processors; end-to-end: %d tokens, at most %d epochs%n",
                ModelEngines.trainingDevice(), Runtime.getRuntime().availableProcessors(), maxTokens, epochs);
        RewardHeadTrainer.Settings settings = RewardHeadTrainer.Settings.defaults();
        EndToEndTrainer.Options options = EndToEndTrainer.Options.defaults().withMaxTokens(maxTokens);
        RewardHeadTrainer.Settings endToEndSettings = RewardHeadTrainer.Settings.endToEnd().withMaxEpochs(epochs);
        for (String set : sets.split(",")) {
            List<PreferencePair> pairs = set.equals("lfqa") ? PrdPreferences.lfqa() : PrdPreferences.vicuna80();
            CrossValidation.Outcome frozen;
            try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2()) {
                frozen = CrossValidation.run(pairs, encoder, FOLDS, settings);
            }
            System.out.printf(Locale.ROOT, "%s frozen head, %d folds: %s  (%.1f s/fold)%n", set, frozen.folds().size(),
                    frozen.accuracy(), frozen.folds().stream().mapToDouble(CrossValidation.Fold::seconds).average().orElse(0));
            CrossValidation.Outcome endToEnd = CrossValidation.runEndToEnd(pairs, FOLDS, maxFolds, endToEndSettings, options,
                    fold -> System.out.printf(Locale.ROOT, "%s end-to-end fold %d: %d/%d, best epoch %d, %.0f s%n",
                            set, fold.index(), fold.correct(), fold.pairs(), fold.bestEpoch(), fold.seconds()));
            CrossValidation.Outcome sameFolds = CrossValidation.Outcome.of(frozen.folds().subList(0, endToEnd.folds().size()));
            System.out.printf(Locale.ROOT, "%s on the same %d folds: frozen head %s, end-to-end %s, difference %+.1f points; "
                            + "end-to-end %.0f s/fold%n", set, endToEnd.folds().size(), sameFolds.accuracy(), endToEnd.accuracy(),
                    100 * (endToEnd.accuracy().estimate() - sameFolds.accuracy().estimate()),
                    endToEnd.folds().stream().mapToDouble(CrossValidation.Fold::seconds).average().orElse(0));
        }
    }
}
