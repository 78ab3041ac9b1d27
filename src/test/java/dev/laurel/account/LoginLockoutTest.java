package dev.laurel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginLockoutTest {
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");
    private final LoginLockout lockout = new LoginLockout(5, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofMinutes(15));

    /** Failures at these minutes after T, given oldest first; returned newest first. */
    private static List<Instant> at(double... minutes) {
        List<Instant> failures = new ArrayList<>();
        for (int i = minutes.length - 1; i >= 0; i--) {
            failures.add(T.plusSeconds((long) (minutes[i] * 60)));
        }
        return failures;
    }

    @Test
    void fourFailuresLockNothing() {
        assertEquals(Optional.empty(), lockout.lockedUntil(at(0, 0, 0, 0)));
        assertEquals(Optional.empty(), lockout.lockedUntil(List.of()));
    }

    @Test
    void theFifthFailureLocksForOneMinuteFromIt() {
        assertEquals(Optional.of(T.plusSeconds(60 + 30)), lockout.lockedUntil(at(0, 0, 0, 0, 0.5)));
    }

    @Test
    void eachFurtherFailureDoublesTheLockoutUpToTheMaximum() {
        assertEquals(Optional.of(T.plusSeconds(60 * (2 + 2))), lockout.lockedUntil(at(0, 0, 0, 0, 0, 2)));
        assertEquals(Optional.of(T.plusSeconds(60 * (4 + 4))), lockout.lockedUntil(at(0, 0, 0, 0, 0, 2, 4)));
        assertEquals(Optional.of(T.plusSeconds(60 * (8 + 8))), lockout.lockedUntil(at(0, 0, 0, 0, 0, 2, 4, 8)));
        assertEquals(Optional.of(T.plusSeconds(60 * (16 + 15))), lockout.lockedUntil(at(0, 0, 0, 0, 0, 2, 4, 8, 16)));
        assertEquals(Optional.of(T.plusSeconds(60 * (30 + 15))), lockout.lockedUntil(at(0, 0, 0, 0, 0, 2, 4, 8, 16, 30)));
    }

    @Test
    void aQuietWindowStartsTheCountOver() {
        assertEquals(Optional.empty(), lockout.lockedUntil(at(0, 0, 0, 0, 15)));
        assertEquals(Optional.of(T.plusSeconds(60 * (19 + 1))), lockout.lockedUntil(at(0, 15, 16, 17, 18, 19)));
    }

    @Test
    void readingTheLastFewFailuresIsEnough() {
        // 5 to lock, then 1 → 2 → 4 → 8 → 16 (capped at 15): four doublings reach the maximum
        assertEquals(9, lockout.failuresToRead());
        double[] many = new double[40];
        Optional<Instant> all = lockout.lockedUntil(at(many));
        Optional<Instant> first = lockout.lockedUntil(at(many).subList(0, lockout.failuresToRead()));
        assertEquals(all, first);
        assertTrue(all.isPresent());
        assertEquals(T.plus(Duration.ofMinutes(15)), all.get());
    }
}
