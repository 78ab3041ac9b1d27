package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LeaderboardUncertaintyTest {

    private static Leaderboard.Standing standing(double rating, double halfWidth) {
        return new Leaderboard.Standing(1, "m", rating, rating - halfWidth, rating + halfWidth, 1, 10, 0.5);
    }

    @Test
    void normalTailMatchesKnownQuantiles() {
        assertEquals(0.5, LeaderboardUncertainty.normalTail(0), 1e-7);
        assertEquals(0.158655, LeaderboardUncertainty.normalTail(1), 1e-6);
        assertEquals(0.025, LeaderboardUncertainty.normalTail(1.959964), 1e-6);
        assertEquals(0.0013499, LeaderboardUncertainty.normalTail(3), 1e-6);
    }

    @Test
    void equalRatingsAreFullyUncertainAndSeparatedOnesAreNot() {
        assertEquals(1.0, LeaderboardUncertainty.orderUncertainty(standing(1000, 50), standing(1000, 80)), 1e-9);
        // gap 100, each half-width 1.96·50: σ of the difference = 50·√2, z ≈ 1.414 → 2·P(Z > z) ≈ 0.157
        assertEquals(0.1573, LeaderboardUncertainty.orderUncertainty(standing(1100, 1.959964 * 50), standing(1000, 1.959964 * 50)), 1e-3);
        double wide = LeaderboardUncertainty.orderUncertainty(standing(1100, 400), standing(1000, 400));
        double narrow = LeaderboardUncertainty.orderUncertainty(standing(1100, 20), standing(1000, 20));
        assertTrue(wide > 0.7 && narrow < 1e-6, wide + " " + narrow);
        assertEquals(0.0, LeaderboardUncertainty.orderUncertainty(standing(1100, 0), standing(1000, 0)));
    }
}
