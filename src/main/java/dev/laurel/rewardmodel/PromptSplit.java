package dev.laurel.rewardmodel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Splits preference pairs into training and validation sets by prompt, so that no prompt is seen on
 * both sides: pairs about one prompt share its wording and often its replies, and letting them leak
 * into validation would overstate how well the model generalises to new prompts.
 */
public final class PromptSplit {
    private PromptSplit() {
    }

    public record Split<T>(List<T> training, List<T> validation) {
    }

    /**
     * The same prompts go to validation for the same seed and the same set of prompts, whatever the
     * order of the pairs. At least one prompt stays in training; validation is empty when there is
     * only one prompt or the fraction is 0.
     */
    public static <T> Split<T> byPrompt(List<T> items, Function<T, String> prompt, double validationFraction, long seed) {
        List<String> prompts = shuffledPrompts(items, prompt, seed);
        int validationCount = (int) Math.round(prompts.size() * validationFraction);
        validationCount = Math.max(0, Math.min(validationCount, prompts.size() - 1));
        if (validationFraction > 0 && validationCount == 0 && prompts.size() > 1) {
            validationCount = 1;
        }
        java.util.Set<String> validationPrompts = new java.util.HashSet<>(prompts.subList(0, validationCount));
        List<T> training = new ArrayList<>();
        List<T> validation = new ArrayList<>();
        for (T item : items) {
            (validationPrompts.contains(prompt.apply(item)) ? validation : training).add(item);
        }
        return new Split<>(training, validation);
    }

    /** {@code k} folds by prompt for cross-validation: every prompt is held out exactly once. */
    public static <T> List<Split<T>> folds(List<T> items, Function<T, String> prompt, int k, long seed) {
        List<String> prompts = shuffledPrompts(items, prompt, seed);
        if (k < 2 || k > prompts.size()) {
            throw new IllegalArgumentException("need 2 ≤ k ≤ " + prompts.size() + " prompts, got k = " + k);
        }
        java.util.Map<String, Integer> foldOf = new java.util.HashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            foldOf.put(prompts.get(i), i % k);
        }
        List<Split<T>> splits = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            List<T> training = new ArrayList<>();
            List<T> heldOut = new ArrayList<>();
            for (T item : items) {
                (foldOf.get(prompt.apply(item)) == fold ? heldOut : training).add(item);
            }
            splits.add(new Split<>(training, heldOut));
        }
        return splits;
    }

    private static <T> List<String> shuffledPrompts(List<T> items, Function<T, String> prompt, long seed) {
        // sorted first, so that the shuffle depends on the set of prompts and the seed only
        List<String> prompts = new ArrayList<>(new TreeSet<>(items.stream().map(prompt).toList()));
        Collections.shuffle(prompts, new Random(seed));
        return prompts;
    }
}
