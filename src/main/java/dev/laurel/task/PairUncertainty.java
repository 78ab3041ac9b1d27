package dev.laurel.task;

import dev.laurel.campaign.Campaign;
import dev.laurel.model.Candidates;
import java.util.List;
import java.util.Optional;

/**
 * One source's view of which candidate pairs are worth comparing on a prompt: the model
 * leaderboard (how sure it is of the two ratings' order) and the team's active reward model (how
 * sure it is which reply wins). {@link PairSelection} multiplies the views of every source present.
 */
public interface PairUncertainty {

    /** Two replies to one prompt, from different candidates. */
    record ReplyPair(Candidates.Reply a, Candidates.Reply b) {
    }

    /**
     * @return per pair, in order, a value in [0, 1]: 1 when this source cannot tell the pair's
     *         outcome, near 0 when it is sure; empty when it has nothing to say about the campaign yet
     */
    Optional<double[]> of(Campaign campaign, long promptId, List<ReplyPair> pairs);
}
