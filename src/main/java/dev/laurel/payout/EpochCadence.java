package dev.laurel.payout;

import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Runs epochs on a cadence set by admins: keeps one scheduled epoch open over the current window, and when a
 * window ends computes and publishes its epoch, then opens the next one starting exactly where it ended (a gap,
 * e.g. while the scheduler was down, is folded into the next window so no points fall between epochs).
 * Failures (nobody to pay, distributor short of tokens, chain down) are kept on the epoch as its last error and
 * retried at the next check; publishing itself is the crash-safe {@link EpochPublisher}.
 */
@ApplicationScoped
public class EpochCadence {
    static final Duration SHORTEST_PERIOD = Duration.ofSeconds(1);
    /** The cluster lock of everything that opens, computes and publishes epochs (see {@link ClusterLock}). */
    static final String JOB = "payout.epochs";

    private final Epochs epochs;
    private final EpochPublisher publisher;
    private final PayoutChain chain;
    private final ClusterLock locks;
    private final boolean isChain;

    EpochCadence(Epochs epochs, EpochPublisher publisher, PayoutChain chain, ClusterLock locks, Roles roles) {
        this.epochs = epochs;
        this.publisher = publisher;
        this.chain = chain;
        this.locks = locks;
        this.isChain = roles.isChain();
    }

    /** Amounts are decimal strings of base units; period "daily", "weekly" or an ISO-8601 duration. */
    public record Settings(Boolean enabled, String period, String budget, Double minReliability, String capPerLabeler,
                           String claimPeriod) {
    }

    public Optional<Cadence> current() {
        return epochs.cadence();
    }

    @Transactional
    public Cadence configure(Settings s) {
        Duration period = duration("period", s.period());
        if (period.compareTo(SHORTEST_PERIOD) < 0) {
            throw Problem.badRequest("'period' must be at least one second.");
        }
        Duration claimPeriod = s.claimPeriod() == null || s.claimPeriod().isBlank() ? Duration.ofDays(30)
                : duration("claimPeriod", s.claimPeriod());
        if (claimPeriod.isNegative() || claimPeriod.isZero()) {
            throw Problem.badRequest("'claimPeriod' must be positive.");
        }
        // the same checks as a hand-made epoch: budget, cap, reliability
        Instant probe = Instant.EPOCH;
        Epochs.validate(new Epochs.Settings(null, s.budget(), probe, probe.plus(period), s.minReliability(),
                s.capPerLabeler(), probe.plus(period).plus(claimPeriod)));
        Cadence cadence = current().orElseGet(Cadence::new);
        cadence.enabled = s.enabled() == null || s.enabled();
        cadence.period = period.toString();
        cadence.claimPeriod = claimPeriod.toString();
        cadence.budget = new BigInteger(s.budget().strip());
        cadence.minReliability = s.minReliability() == null ? 0 : s.minReliability();
        cadence.capPerLabeler = s.capPerLabeler() == null || s.capPerLabeler().isBlank() ? null : new BigInteger(s.capPerLabeler().strip());
        cadence.updatedAt = Instant.now();
        if (!cadence.isPersistent()) {
            cadence.persist();
        }
        return cadence;
    }

    static Duration duration(String field, String text) {
        if (text == null || text.isBlank()) {
            throw Problem.badRequest("'" + field + "' is required: daily, weekly or an ISO-8601 duration such as PT6H.");
        }
        return switch (text.strip().toLowerCase()) {
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            default -> {
                try {
                    yield Duration.parse(text.strip().toUpperCase());
                } catch (DateTimeParseException e) {
                    throw Problem.badRequest("'" + field + "' must be daily, weekly or an ISO-8601 duration such as PT6H, not '" + text + "'.");
                }
            }
        };
    }

    @Scheduled(every = "${laurel.payout.cadence-check:60s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!isChain) {
            return;
        }
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            Log.warnf("Epoch cadence: %s", e.getMessage());
        }
    }

    /**
     * Closes every scheduled epoch whose window ended, then makes sure one is open over {@code now}; in one process
     * of the cluster at a time. Returns false when another process was doing it (this one did nothing).
     */
    public boolean run(Instant now) {
        return locks.runExclusively(JOB, () -> closeAndOpen(now));
    }

    private void closeAndOpen(Instant now) {
        Optional<Cadence> cadence = current();
        if (cadence.isEmpty() || !cadence.get().enabled) {
            return;
        }
        for (long number : epochs.scheduledDue(now)) {
            try {
                epochs.computeIfDraft(number);
                if (chain.isConfigured()) {
                    publisher.publish(number);
                }
            } catch (RuntimeException e) {
                epochs.recordError(number, e.getMessage());
                Log.warnf("Epoch %d (scheduled) not closed yet: %s", number, e.getMessage());
            }
        }
        epochs.openScheduled(cadence.get(), now);
    }
}
