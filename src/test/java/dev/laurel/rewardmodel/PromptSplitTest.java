package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptSplitTest {
    private final List<PreferencePair> pairs = SyntheticPreferences.pairs(50, 3, 9);

    @Test
    void noPromptIsOnBothSides() {
        PromptSplit.Split<PreferencePair> split = PromptSplit.byPrompt(pairs, PreferencePair::prompt, 0.2, 1);
        Set<String> training = new HashSet<>(split.training().stream().map(PreferencePair::prompt).toList());
        assertTrue(split.validation().stream().noneMatch(p -> training.contains(p.prompt())));
        assertEquals(10 * 3, split.validation().size());
        assertEquals(pairs.size(), split.training().size() + split.validation().size());
    }

    @Test
    void theSplitDependsOnTheSeedNotOnThePairOrder() {
        List<PreferencePair> shuffled = new ArrayList<>(pairs);
        Collections.shuffle(shuffled, new java.util.Random(3));
        Set<String> a = prompts(PromptSplit.byPrompt(pairs, PreferencePair::prompt, 0.2, 1).validation());
        Set<String> b = prompts(PromptSplit.byPrompt(shuffled, PreferencePair::prompt, 0.2, 1).validation());
        Set<String> c = prompts(PromptSplit.byPrompt(pairs, PreferencePair::prompt, 0.2, 2).validation());
        assertEquals(a, b);
        assertTrue(!a.equals(c));
    }

    @Test
    void oneTrainingPromptAlwaysRemains() {
        List<PreferencePair> two = SyntheticPreferences.pairs(2, 3, 1);
        assertEquals(3, PromptSplit.byPrompt(two, PreferencePair::prompt, 0.9, 1).training().size());
        assertEquals(0, PromptSplit.byPrompt(SyntheticPreferences.pairs(1, 3, 1), PreferencePair::prompt, 0.5, 1).validation().size());
    }

    @Test
    void foldsHoldOutEveryPromptExactlyOnce() {
        List<PromptSplit.Split<PreferencePair>> folds = PromptSplit.folds(pairs, PreferencePair::prompt, 5, 1);
        List<String> heldOut = new ArrayList<>();
        for (PromptSplit.Split<PreferencePair> fold : folds) {
            Set<String> training = prompts(fold.training());
            assertTrue(fold.validation().stream().noneMatch(p -> training.contains(p.prompt())));
            heldOut.addAll(prompts(fold.validation()));
        }
        assertEquals(50, heldOut.size());
        assertEquals(50, new HashSet<>(heldOut).size());
    }

    private static Set<String> prompts(List<PreferencePair> pairs) {
        return new HashSet<>(pairs.stream().map(PreferencePair::prompt).toList());
    }
}
