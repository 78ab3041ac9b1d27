package dev.laurel.payout;

import java.time.Instant;
import java.util.Map;

/**
 * Where an epoch's points per labeler come from. The game feature's points ledger will implement this;
 * until it exists {@link AcceptedAnswerPoints} counts accepted answers.
 */
public interface PointsSource {
    record Points(long answers, long points) {
    }

    /** Labeler id → points earned with {@code from <= time < to}; labelers without points may be absent. */
    Map<Long, Points> pointsBetween(Instant from, Instant to);

    /** Names the rules that produced the points; part of the epoch's on-chain provenance hash. */
    String ruleVersion();
}
