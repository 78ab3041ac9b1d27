package dev.laurel.quality;

import java.time.Instant;
import java.util.List;

/**
 * The points ledger's side of clearing a flag: what quality asks of it when an admin decides a drop was a false
 * alarm. Defined here and implemented by {@code game} (which hears quality's events), so that quality does not use
 * game, as {@code task/PairUncertainty} does for {@code arena}.
 */
public interface DroppedAnswerPoints {

    /** What was given back: the answers whose reversed points came back, and how many points in all. */
    record Restored(List<Long> submissionIds, long points) {
        public static final Restored NOTHING = new Restored(List.of(), 0);
    }

    /**
     * Gives back, with new ledger rows (the ledger is append-only), the points that drops by quality review took
     * from the labeler's answers in the campaign and that were not given back yet; runs in the caller's transaction,
     * which must hold the lock that serialises reviews of this labeler in this campaign. A second call gives nothing.
     */
    Restored restore(long labelerId, long campaignId, String reason, Instant at);
}
