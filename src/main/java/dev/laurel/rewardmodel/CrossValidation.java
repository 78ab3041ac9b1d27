package dev.laurel.rewardmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Held-out accuracy of a reward model by k-fold cross-validation over prompts: each prompt's pairs
 * are scored by a model that never saw that prompt (nor, through the trainer's own split, used it for
 * early stopping). Every pair is held out exactly once, so the accuracy counts all pairs — unless only
 * the first folds are run ({@code maxFolds}), for a mode too slow to run them all.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** One fold: pairs held out, how many the model ranked right, its best epoch, its training time. */
    public record Fold(int index, int correct, int pairs, int bestEpoch, double seconds) {
    }

    public record Outcome(int correct, int pairs, WilsonInterval accuracy, List<Integer> epochsPerFold, List<Fold> folds) {
        public static Outcome of(List<Fold> folds) {
            int correct = folds.stream().mapToInt(Fold::correct).sum();
            int pairs = folds.stream().mapToInt(Fold::pairs).sum();
            return new Outcome(correct, pairs, WilsonInterval.of(correct, pairs),
                    folds.stream().map(Fold::bestEpoch).toList(), List.copyOf(folds));
        }
    }

    /** A model trained on one fold's training pairs. */
    public interface FoldModel {
        /** Rewards of the held-out pairs: all chosen replies, then all rejected ones. */
        float[] score(List<PreferencePair> heldOut);

        int bestEpoch();
    }

    /** The frozen-encoder reward head (the default mode). */
    public static Outcome run(List<PreferencePair> pairs, TextEmbedder embedder, int folds, RewardHeadTrainer.Settings settings) {
        // embed each distinct text once for all folds
        RewardHeadTrainer.Vectors vectors = RewardHeadTrainer.embedDistinct(pairs, embedder);
        TextEmbedder known = new TextEmbedder() {
            @Override
            public float[][] embed(List<String> texts) {
                return texts.stream().map(vectors.replies()::get).toArray(float[][]::new);
            }

            @Override
            public float[][] embedPrompts(List<String> prompts) {
                return prompts.stream().map(vectors.prompts()::get).toArray(float[][]::new);
            }
        };
        return run(pairs, folds, 0, folds, settings.seed(), training -> {
            RewardHeadTrainer.Result result = new RewardHeadTrainer(settings).train(training, known, m -> { });
            return new FoldModel() {
                @Override
                public float[] score(List<PreferencePair> heldOut) {
                    try (RewardHead head = RewardHead.load(result.parameters(), result.architecture())) {
                        int n = heldOut.size();
                        float[][] prompts = new float[2 * n][];
                        float[][] replies = new float[2 * n][];
                        for (int i = 0; i < n; i++) {
                            PreferencePair pair = heldOut.get(i);
                            prompts[i] = prompts[n + i] = vectors.prompts().get(pair.prompt());
                            replies[i] = vectors.replies().get(pair.chosen());
                            replies[n + i] = vectors.replies().get(pair.rejected());
                        }
                        return head.score(prompts, replies);
                    }
                }

                @Override
                public int bestEpoch() {
                    return result.bestEpoch();
                }
            };
        }, fold -> { });
    }

    /**
     * The encoder fine-tuned with the head ({@link EndToEndTrainer}); only folds {@code firstFold} to
     * {@code firstFold + maxFolds - 1}, so that a slow mode can be run a few folds at a time (or in
     * parallel processes) on exactly the folds of the other mode. {@code epochs} sees every epoch of every fold.
     */
    public static Outcome runEndToEnd(List<PreferencePair> pairs, int folds, int firstFold, int maxFolds,
                                      RewardHeadTrainer.Settings settings, EndToEndTrainer.Options options,
                                      RewardHeadTrainer.Listener epochs, Consumer<Fold> progress) {
        return run(pairs, folds, firstFold, maxFolds, settings.seed(), training -> {
            EndToEndTrainer.Result result = new EndToEndTrainer(settings, options).train(training, epochs);
            return new FoldModel() {
                @Override
                public float[] score(List<PreferencePair> heldOut) {
                    List<String> prompts = new ArrayList<>();
                    List<String> replies = new ArrayList<>();
                    heldOut.forEach(p -> { prompts.add(p.prompt()); replies.add(p.chosen()); });
                    heldOut.forEach(p -> { prompts.add(p.prompt()); replies.add(p.rejected()); });
                    try (EndToEndRewardModel model = EndToEndRewardModel.load(result.parameters(), result.architecture())) {
                        return model.score(prompts, replies);
                    }
                }

                @Override
                public int bestEpoch() {
                    return result.bestEpoch();
                }
            };
        }, progress);
    }

    /**
     * The protocol: folds by prompt (fixed by the seed), train on the rest, count held-out pairs ranked right;
     * folds {@code firstFold} to {@code firstFold + maxFolds - 1} only.
     */
    public static Outcome run(List<PreferencePair> pairs, int folds, int firstFold, int maxFolds, long seed,
                              java.util.function.Function<List<PreferencePair>, FoldModel> train, Consumer<Fold> progress) {
        List<Fold> done = new ArrayList<>();
        List<PromptSplit.Split<PreferencePair>> splits = PromptSplit.folds(pairs, PreferencePair::prompt, folds, seed);
        for (int index = firstFold; index < Math.min(splits.size(), firstFold + maxFolds); index++) {
            PromptSplit.Split<PreferencePair> fold = splits.get(index);
            long started = System.nanoTime();
            FoldModel model = train.apply(fold.training());
            double seconds = (System.nanoTime() - started) / 1e9;
            float[] rewards = model.score(fold.validation());
            int n = fold.validation().size();
            int correct = 0;
            for (int i = 0; i < n; i++) {
                correct += rewards[i] > rewards[n + i] ? 1 : 0;
            }
            Fold result = new Fold(index, correct, n, model.bestEpoch(), seconds);
            done.add(result);
            progress.accept(result);
        }
        return Outcome.of(done);
    }
}
