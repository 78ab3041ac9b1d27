package dev.laurel.campaign.kind;

/**
 * One comparison an answer makes between two replies it showed, side-free: {@code a} is the reply of the candidate
 * with the smaller id. The dataset's preference pairs are the consensus of the comparisons of each (prompt, pair).
 *
 * @param sign 1 when {@code a} won, -1 when {@code b} won, 0 when neither did (a tie, both bad)
 */
public record Comparison(Answered.Reply a, Answered.Reply b, int sign) {
    /** {@code better} beat {@code worse}, told side-free. */
    public static Comparison of(Answered.Reply better, Answered.Reply worse) {
        return better.candidateId() < worse.candidateId() ? new Comparison(better, worse, 1) : new Comparison(worse, better, -1);
    }
}
