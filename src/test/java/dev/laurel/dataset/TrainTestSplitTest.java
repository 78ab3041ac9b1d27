package dev.laurel.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PromptSplitTest {
    private static final List<String> PROMPTS = IntStream.range(0, 10_000).mapToObj(i -> "q" + i).toList();

    private static List<String> test(TrainTestSplit split) {
        return PROMPTS.stream().filter(split::isTest).toList();
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        assertEquals(test(new TrainTestSplit(0.1, 42)), test(new TrainTestSplit(0.1, 42)));
        assertNotEquals(test(new TrainTestSplit(0.1, 42)), test(new TrainTestSplit(0.1, 43)));
    }

    @Test
    void theTestShareIsTheFractionAndGrowsWithIt() {
        int tenth = test(new TrainTestSplit(0.1, 7)).size();
        assertTrue(Math.abs(tenth - 1000) < 100, "about 10 % of 10 000 prompts, got " + tenth);
        assertTrue(test(new TrainTestSplit(0.2, 7)).containsAll(test(new TrainTestSplit(0.1, 7))),
                "a larger fraction only adds prompts to the test split");
        assertEquals(List.of(), test(new TrainTestSplit(0, 7)));
    }

    @Test
    void aPromptsSplitDependsOnlyOnItsIdSoEveryRowOfItAndLaterSnapshotsAgree() {
        TrainTestSplit split = new TrainTestSplit(0.3, 1);
        for (String prompt : PROMPTS.subList(0, 200)) {
            assertEquals(split.of(prompt), split.of(new String(prompt)));
        }
    }

    @Test
    void aFractionOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TrainTestSplit(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainTestSplit(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrainTestSplit(Double.NaN, 1));
    }
}
