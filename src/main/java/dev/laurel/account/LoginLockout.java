package dev.laurel.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When an account's lockout ends, from its failed sign-ins alone (no I/O, no clock).
 *
 * <p>Failures form a streak while each comes within {@code window} of the one before; a success or a
 * quiet window starts over. From the {@code maxFailures}-th failure of a streak on, the account is
 * locked after each failure: {@code lockout}, then twice as long per further failure, at most
 * {@code maxLockout}. Attempts refused during a lockout are not failures (they were never checked).
 */
public final class LoginLockout {
    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Duration maxLockout;

    public LoginLockout(int maxFailures, Duration window, Duration lockout, Duration maxLockout) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.maxLockout = maxLockout;
    }

    static LoginLockout of(LoginThrottleConfig config) {
        return new LoginLockout(config.maxFailures(), config.window(), config.lockout(), config.maxLockout());
    }

    /** The most failures {@link #lockedUntil} needs to see: beyond them every lockout is the longest. */
    public int failuresToRead() {
        int doublings = 0;
        for (Duration d = lockout; d.compareTo(maxLockout) < 0 && doublings < 62; d = d.multipliedBy(2)) {
            doublings++;
        }
        return maxFailures + doublings;
    }

    /**
     * @param failures the account's failures since its last success, newest first (at least the newest
     *                 {@link #failuresToRead()})
     * @return when the lockout that the newest failure started ends, if it started one
     */
    public Optional<Instant> lockedUntil(List<Instant> failures) {
        if (failures.isEmpty()) {
            return Optional.empty();
        }
        int streak = 1;
        while (streak < failures.size()
                && Duration.between(failures.get(streak), failures.get(streak - 1)).compareTo(window) < 0) {
            streak++;
        }
        if (streak < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(failures.get(0).plus(lockoutAfter(streak)));
    }

    /** {@code lockout · 2^(streak − maxFailures)}, at most {@code maxLockout}. */
    Duration lockoutAfter(int streak) {
        Duration d = lockout;
        for (int i = maxFailures; i < streak && d.compareTo(maxLockout) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxLockout) > 0 ? maxLockout : d;
    }
}
