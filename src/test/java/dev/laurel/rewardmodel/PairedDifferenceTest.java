package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired difference the cross-validation bench prints, on the fold counts of its Vicuna80 and LFQA runs. */
class PairedDifferenceTest {

    private static List<CrossValidation.Fold> folds(int[] correct, int[] pairs) {
        List<CrossValidation.Fold> folds = new ArrayList<>();
        for (int i = 0; i < correct.length; i++) {
            folds.add(new CrossValidation.Fold(i, correct[i], pairs[i], 0, 0));
        }
        return folds;
    }

    @Test
    void aGainSpreadOverMostFoldsHasAnIntervalAboveZero() {
        int[] pairs = {67, 72, 71, 71, 69, 73, 64, 67, 75, 75};
        List<CrossValidation.Fold> frozen = folds(new int[] {43, 47, 48, 53, 49, 50, 38, 43, 49, 60}, pairs);
        List<CrossValidation.Fold> endToEnd = folds(new int[] {47, 54, 47, 55, 51, 52, 42, 48, 52, 57}, pairs);
        assertEquals("+3.6 points [+0.6, +6.5] (95%, folds as paired clusters)",
                RewardModelCrossValidation.pairedDifference(frozen, endToEnd));
    }

    @Test
    void gainsAndLossesThatCancelGiveAnIntervalAcrossZero() {
        int[] pairs = {25, 24, 28, 25, 30, 26, 22, 27, 25, 28};
        List<CrossValidation.Fold> frozen = folds(new int[] {16, 14, 22, 15, 17, 16, 14, 25, 14, 22}, pairs);
        List<CrossValidation.Fold> endToEnd = folds(new int[] {15, 16, 23, 16, 18, 16, 14, 22, 14, 22}, pairs);
        assertEquals("+0.4 points [-3.4, +4.2] (95%, folds as paired clusters)",
                RewardModelCrossValidation.pairedDifference(frozen, endToEnd));
    }

    @Test
    void oneFoldHasNoInterval() {
        List<CrossValidation.Fold> frozen = folds(new int[] {43}, new int[] {67});
        List<CrossValidation.Fold> endToEnd = folds(new int[] {47}, new int[] {67});
        assertEquals("+6.0 points", RewardModelCrossValidation.pairedDifference(frozen, endToEnd));
    }
}
