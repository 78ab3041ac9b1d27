package dev.laurel.rewardmodel;

import java.util.List;

/**
 * Held-out accuracy of the reward head by k-fold cross-validation over prompts: each prompt's pairs
 * are scored by a head that never saw that prompt (nor, through the trainer's own split, used it for
 * early stopping). Every pair is held out exactly once, so the accuracy counts all pairs.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    public record Outcome(int correct, int pairs, WilsonInterval accuracy, List<Integer> epochsPerFold) {
    }

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
        int correct = 0;
        int total = 0;
        List<Integer> epochs = new java.util.ArrayList<>();
        for (PromptSplit.Split<PreferencePair> fold : PromptSplit.folds(pairs, PreferencePair::prompt, folds, settings.seed())) {
            RewardHeadTrainer.Result result = new RewardHeadTrainer(settings).train(fold.training(), known, m -> { });
            epochs.add(result.bestEpoch());
            try (RewardHead head = RewardHead.load(result.parameters(), result.architecture())) {
                int n = fold.validation().size();
                float[][] prompts = new float[2 * n][];
                float[][] replies = new float[2 * n][];
                for (int i = 0; i < n; i++) {
                    PreferencePair pair = fold.validation().get(i);
                    prompts[i] = prompts[n + i] = vectors.prompts().get(pair.prompt());
                    replies[i] = vectors.replies().get(pair.chosen());
                    replies[n + i] = vectors.replies().get(pair.rejected());
                }
                float[] rewards = head.score(prompts, replies);
                for (int i = 0; i < n; i++) {
                    correct += rewards[i] > rewards[n + i] ? 1 : 0;
                }
                total += n;
            }
        }
        return new Outcome(correct, total, WilsonInterval.of(correct, total), List.copyOf(epochs));
    }
}
