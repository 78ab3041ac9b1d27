package dev.laurel.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Votes on one (prompt, pair of replies) reduced to one preference pair for reward-model training,
 * with its consensus strength as the margin (the Llama 2 margin loss,
 * −log σ(r_chosen − r_rejected − margin), Touvron et al. 2023 §3.2.2; TRL's {@code margin} column).
 *
 * <p>margin = |wins_A − wins_B| / votes, where votes counts every vote on that (prompt, pair),
 * ties and "both bad" included: they dilute the consensus, but they never make a reply "chosen".
 * A (prompt, pair) whose wins are equal has no preference and yields no pair. So three votes
 * A, A, B give margin 1/3; A, A, A give 1; A, tie, tie give 1/3. Pure, no I/O.
 */
public final class PreferencePairs {

    /** One vote: +1 = reply A better, −1 = reply B better, 0 = tie or both bad. */
    public record Vote(int sign) {
        public Vote {
            if (sign < -1 || sign > 1) {
                throw new IllegalArgumentException("A vote is +1, -1 or 0, got " + sign);
            }
        }
    }

    /** The consensus of one (prompt, pair): which reply wins and by how much; none when tied. */
    public record Consensus(boolean isAChosen, double margin, int votes) {
    }

    private PreferencePairs() {
    }

    /** Null when there is no preference (no votes, or as many wins for A as for B). */
    public static Consensus consensus(List<Vote> votes) {
        int winsA = 0;
        int winsB = 0;
        for (Vote vote : votes) {
            if (vote.sign() > 0) {
                winsA++;
            } else if (vote.sign() < 0) {
                winsB++;
            }
        }
        if (winsA == winsB) {
            return null;
        }
        return new Consensus(winsA > winsB, (double) Math.abs(winsA - winsB) / votes.size(), votes.size());
    }

    /** Convenience for tests and callers holding plain signs. */
    public static Consensus consensus(int... signs) {
        List<Vote> votes = new ArrayList<>(signs.length);
        for (int sign : signs) {
            votes.add(new Vote(sign));
        }
        return consensus(votes);
    }
}
