package dev.laurel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairSamplingTest {

    @Test
    void drawsDistinctItemsAndEqualWeightsAreUniform() {
        Random random = new Random(7);
        List<String> items = List.of("ab", "ac", "ad", "bc", "bd", "cd");
        double[] equal = {1, 1, 1, 1, 1, 1};
        int[] counts = new int[items.size()];
        int draws = 6000;
        for (int round = 0; round < draws; round++) {
            List<String> chosen = PairSelection.sample(items, equal, 2, random);
            assertEquals(2, chosen.size());
            assertEquals(2, new HashSet<>(chosen).size(), "without replacement");
            chosen.forEach(item -> counts[items.indexOf(item)]++);
        }
        for (int count : counts) {
            // each item is in 2 of 6 draws: 2000 expected; ±5 standard deviations (σ ≈ 36.5)
            assertEquals(2000, count, 183, java.util.Arrays.toString(counts));
        }
    }

    @Test
    void aHeavierItemIsChosenInProportionToItsWeight() {
        Random random = new Random(11);
        List<String> items = List.of("uncertain", "settled-1", "settled-2");
        double[] weights = {1.0, 0.1, 0.1};
        int uncertain = 0;
        int draws = 10_000;
        for (int round = 0; round < draws; round++) {
            if (PairSelection.sample(items, weights, 1, random).get(0).equals("uncertain")) {
                uncertain++;
            }
        }
        // one draw: P = w / Σw = 1 / 1.2
        assertEquals(draws / 1.2, uncertain, 5 * Math.sqrt(draws * (1 / 1.2) * (0.2 / 1.2)));
    }

    @Test
    void aCountAsLargeAsTheListTakesEverything() {
        List<Integer> chosen = PairSelection.sample(List.of(1, 2, 3), new double[] {1, 0.05, 0.5}, 3, new Random(1));
        assertEquals(3, chosen.size());
        assertTrue(chosen.containsAll(List.of(1, 2, 3)));
    }
}
