package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.quality.Reliability.LabelerReliability;
import org.junit.jupiter.api.Test;

class ReliabilityWeightTest {

    @Test
    void aLabelerWithoutEvidenceCountsOnce() {
        assertEquals(1.0, Leaderboard.weight(LabelerReliability.UNKNOWN));
    }

    @Test
    void theWeightIsTheQualityMultiplierAndNeverNegative() {
        assertEquals(0.25, Leaderboard.weight(new LabelerReliability(0.6, 0.4, 0.8, 10, 6, 250_000)));
        assertEquals(1.5, Leaderboard.weight(new LabelerReliability(0.95, 0.9, 0.99, 40, 38, 1_500_000)));
        assertEquals(0.0, Leaderboard.weight(new LabelerReliability(0.1, 0.0, 0.3, 10, 1, -5)));
    }
}
