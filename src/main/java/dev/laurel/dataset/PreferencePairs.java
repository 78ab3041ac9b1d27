package dev.laurel.dataset;

import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Comparison;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Votes on one (prompt, pair of replies) reduced to one preference pair for reward-model training,
 * with its consensus strength as the margin (the Llama 2 margin loss,
 * −log σ(r_chosen − r_rejected − margin), Touvron et al. 2023 §3.2.2; TRL's {@code margin} column).
 *
 * <p>margin = |wins_A − wins_B| / votes, where votes counts every vote on that (prompt, pair),
 * ties and "both bad" included: they dilute the consensus, but they never make a reply "chosen".
 * A (prompt, pair) whose wins are equal has no preference and yields no pair. So three votes
 * A, A, B give margin 1/3; A, A, A give 1; A, tie, tie give 1/3. The votes are the comparisons a kind's answers
 * make ({@link dev.laurel.campaign.kind.DatasetRows#comparisons()}: a pairwise vote, or those a ranking implies).
 * Pure, no I/O.
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

    /** The preference of one (prompt, pair): the texts of its first comparison and the consensus of all of them. */
    public record Preference(Answered first, Comparison pair, Consensus consensus) {
        public String chosen() {
            return consensus.isAChosen() ? pair.a().text() : pair.b().text();
        }

        public String rejected() {
            return consensus.isAChosen() ? pair.b().text() : pair.a().text();
        }
    }

    private record Compared(Answered answer, Comparison comparison) {
        boolean isSamePair(Compared other) {
            return answer.promptKey() == other.answer.promptKey()
                    && comparison.a().candidateId() == other.comparison.a().candidateId()
                    && comparison.b().candidateId() == other.comparison.b().candidateId();
        }
    }

    /**
     * The preferences of answers about whole prompts (every answer of a prompt among them), ordered by prompt and pair;
     * (prompt, pair)s without one are left out. Comparisons of one pair count in the answers' order.
     */
    public static List<Preference> preferences(List<Answered> answers, Function<Answered, List<Comparison>> comparisons) {
        List<Compared> compared = new ArrayList<>();
        answers.forEach(answer -> comparisons.apply(answer).forEach(c -> compared.add(new Compared(answer, c))));
        // a stable sort keeps the answers' order within one (prompt, pair)
        compared.sort(Comparator.comparingLong((Compared c) -> c.answer().promptKey())
                .thenComparingLong(c -> c.comparison().a().candidateId())
                .thenComparingLong(c -> c.comparison().b().candidateId()));
        List<Preference> preferences = new ArrayList<>();
        int start = 0;
        while (start < compared.size()) {
            Compared first = compared.get(start);
            int end = start;
            List<Vote> votes = new ArrayList<>();
            while (end < compared.size() && first.isSamePair(compared.get(end))) {
                votes.add(new Vote(compared.get(end).comparison().sign()));
                end++;
            }
            Consensus consensus = consensus(votes);
            if (consensus != null) {
                preferences.add(new Preference(first.answer(), first.comparison(), consensus));
            }
            start = end;
        }
        return preferences;
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
