package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the reward model ranks human-preferred replies first on prompts it never saw, clearly
 * more often than chance, on two public human-preference sets (10-fold cross-validation by prompt,
 * 95% Wilson interval over all held-out pairs).
 */
class HeldOutAccuracyTest {
    private static SentenceEncoder encoder;

    @BeforeAll
    static void open() {
        encoder = SentenceEncoder.allMiniLmL6V2();
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void lfqaExpertPreferences() {
        List<PreferencePair> pairs = PrdPreferences.lfqa();
        assertEquals(260, pairs.size());
        CrossValidation.Outcome outcome = CrossValidation.run(pairs, encoder, 10, RewardHeadTrainer.Settings.defaults());
        System.out.println("LFQA held-out accuracy " + outcome.accuracy() + " epochs " + outcome.epochsPerFold());
        assertTrue(outcome.accuracy().lower() > 0.5, outcome.accuracy().toString());
    }

    @Test
    void vicuna80MajorityPreferences() {
        List<PreferencePair> pairs = PrdPreferences.vicuna80();
        System.out.println("Vicuna80 pairs " + pairs.size());
        CrossValidation.Outcome outcome = CrossValidation.run(pairs, encoder, 10, RewardHeadTrainer.Settings.defaults());
        System.out.println("Vicuna80 held-out accuracy " + outcome.accuracy() + " epochs " + outcome.epochsPerFold());
        assertTrue(outcome.accuracy().lower() > 0.5, outcome.accuracy().toString());
    }
}
