package dev.laurel.game;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LevelCurveTest {
    private final LevelCurve curve = LevelCurve.openAssistant();

    @Test
    void thresholdsAreOpenAssistantsRoundedCumulativeSums() {
        assertEquals(0, curve.threshold(0));
        assertEquals(4, curve.threshold(1));   // round(1.1521 + 3)
        assertEquals(9, curve.threshold(2));   // round(4.1521 + 5.3042)
        assertEquals(16, curve.threshold(3));  // round(9.4563 + 6.4563)
        double sum = 0;
        for (int k = 1; k <= 99; k++) {
            sum += k * 1.1521 + 3;
        }
        assertEquals(Math.round(sum), curve.threshold(99));
    }

    @Test
    void levelIsTheHighestThresholdReached() {
        assertEquals(0, curve.levelOf(0));
        assertEquals(0, curve.levelOf(3));
        assertEquals(1, curve.levelOf(4));
        assertEquals(1, curve.levelOf(8));
        assertEquals(2, curve.levelOf(9));
        assertEquals(curve.maxLevel(), curve.levelOf(Long.MAX_VALUE));
        for (int level = 0; level <= curve.maxLevel(); level++) {
            assertEquals(level, curve.levelOf(curve.threshold(level)));
            if (level > 0) {
                assertEquals(level - 1, curve.levelOf(curve.threshold(level) - 1));
                assertTrue(curve.threshold(level) - curve.threshold(level - 1) >= 4, "each level costs at least 4");
            }
        }
    }
}
