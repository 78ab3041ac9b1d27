package dev.laurel.campaign.kind.categorical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalDatasetTest {
    @Test
    void majorityNeedsMoreThanHalfOfTheAnswers() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("a", 2);
        counts.put("b", 2);
        counts.put("c", 3);
        assertEquals(List.of("c"), CategoricalDataset.majority(counts, 4));
        assertEquals(List.of("a", "b", "c"), CategoricalDataset.majority(counts, 3), "multi-label: every label most picked");
        assertEquals(List.of(), CategoricalDataset.majority(Map.of("yes", 1, "no", 1), 2));
    }
}
