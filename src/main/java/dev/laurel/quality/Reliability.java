package dev.laurel.quality;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place other features (game scoring, payout weights, task eligibility) ask how reliable a
 * labeler has proven to be. The quality feature's service replaces the default bean; until a labeler
 * has evidence (gold answers, agreement with consensus), they are {@link LabelerReliability#UNKNOWN}.
 */
public interface Reliability {

    /**
     * @param accuracy   posterior mean accuracy in [0, 1] (Beta(1,1) prior: 0.5 with no evidence)
     * @param lower      lower end of its 95% interval
     * @param upper      upper end of its 95% interval
     * @param goldSeen   gold tasks and honeypots answered
     * @param goldCorrect of which answered correctly
     * @param multiplierMillionths the quality multiplier for points and token weights × 10⁶ (integers
     *                   keep money exact); 1_000_000 means 1.0, which is what a labeler without evidence gets
     */
    record LabelerReliability(double accuracy, double lower, double upper, long goldSeen, long goldCorrect,
                              long multiplierMillionths) {
        public static final long ONE = 1_000_000L;
        public static final LabelerReliability UNKNOWN = new LabelerReliability(0.5, 0.025, 0.975, 0, 0, ONE);

        public boolean hasEvidence() {
            return goldSeen > 0 || multiplierMillionths != ONE;
        }
    }

    LabelerReliability of(long labelerId);

    @ApplicationScoped
    @DefaultBean
    class Unknown implements Reliability {
        @Override
        public LabelerReliability of(long labelerId) {
            return LabelerReliability.UNKNOWN;
        }
    }
}
