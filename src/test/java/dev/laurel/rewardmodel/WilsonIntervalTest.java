package dev.laurel.rewardmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    @Test
    void matchesPublishedValues() {
        // Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263 → 0.2553–0.3662
        WilsonInterval interval = WilsonInterval.of(81, 263);
        assertEquals(0.2553, interval.lower(), 5e-4);
        assertEquals(0.3662, interval.upper(), 5e-4);
        // 15/148 → 0.0624–0.1605 in the same table
        assertEquals(0.0624, WilsonInterval.of(15, 148).lower(), 5e-4);
        assertEquals(0.1605, WilsonInterval.of(15, 148).upper(), 5e-4);
    }

    @Test
    void staysInsideZeroAndOne() {
        assertEquals(0.0, WilsonInterval.of(0, 10).lower());
        assertEquals(1.0, WilsonInterval.of(10, 10).upper(), 1e-12);
    }
}
