package dev.laurel.task;

import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.model.Candidates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Accepted answers as other features need them: side-free pairwise votes for the model leaderboard
 * and the datasets. A vote names the two candidates in a canonical order (smaller candidate id
 * first), so which reply a labeler saw on the left never leaks into what is computed from it.
 */
@ApplicationScoped
public class Submissions {
    private final EntityManager em;
    private final Candidates candidates;

    Submissions(EntityManager em, Candidates candidates) {
        this.em = em;
        this.candidates = candidates;
    }

    /** What a vote says about candidate A (the one with the smaller id) against candidate B. */
    public enum Outcome {
        A_BETTER, B_BETTER, TIE, BOTH_BAD
    }

    /**
     * One accepted pairwise answer, side-free.
     *
     * @param candidateA     the candidate with the smaller id
     * @param generationA    candidate A's reply
     * @param lengthA        candidate A's reply length in characters
     * @param shownLeft      which candidate's reply the labeler saw on the left (for position-bias analysis)
     */
    public record PairwiseVote(long submissionId, long campaignId, long taskId, long promptId,
                               long candidateA, long candidateB, long generationA, long generationB,
                               int lengthA, int lengthB, Outcome outcome, long shownLeft, long labelerId,
                               Instant createdAt) {
    }

    /**
     * How far the votes of some campaigns have come: accepted answers are never changed or deleted,
     * so a different count means new votes. Cheap: one aggregate query.
     */
    public record Stamp(long votes, long lastSubmissionId) {
        public static final Stamp NONE = new Stamp(0, 0);
    }

    /** Every accepted pairwise answer in the campaigns, ordered by submission id; other kinds are not votes. */
    public List<PairwiseVote> pairwise(Collection<Long> campaignIds) {
        if (campaignIds.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createQuery("""
                        select s.id, t.campaignId, t.id, t.promptId, t.leftGenerationId, t.rightGenerationId,
                               s.choice, %s, s.createdAt
                        from Submission s, Task t
                        where s.taskId = t.id and t.campaignId in ?1 and t.kind = ?2 and t.goldKind is null
                        order by s.id""".formatted(Submission.ANSWERER), Object[].class)
                .setParameter(1, campaignIds).setParameter(2, TaskKind.PAIRWISE).getResultList();
        Map<Long, Candidates.ReplyFacts> replies = candidates.replyFacts(campaignIds);
        List<PairwiseVote> votes = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Candidates.ReplyFacts left = replies.get((Long) row[4]);
            Candidates.ReplyFacts right = replies.get((Long) row[5]);
            Choice choice = (Choice) row[6];
            boolean leftIsA = left.candidateId() < right.candidateId();
            Candidates.ReplyFacts a = leftIsA ? left : right;
            Candidates.ReplyFacts b = leftIsA ? right : left;
            Outcome outcome = switch (choice) {
                case A -> leftIsA ? Outcome.A_BETTER : Outcome.B_BETTER;
                case B -> leftIsA ? Outcome.B_BETTER : Outcome.A_BETTER;
                case TIE -> Outcome.TIE;
                case BOTH_BAD -> Outcome.BOTH_BAD;
            };
            votes.add(new PairwiseVote((Long) row[0], (Long) row[1], (Long) row[2], (Long) row[3],
                    a.candidateId(), b.candidateId(), a.generationId(), b.generationId(), a.length(), b.length(),
                    outcome, left.candidateId(), (Long) row[7], (Instant) row[8]));
        }
        return votes;
    }

    /** The current {@link Stamp} of the campaigns' pairwise votes. */
    public Stamp stamp(Collection<Long> campaignIds) {
        if (campaignIds.isEmpty()) {
            return Stamp.NONE;
        }
        Object[] row = em.createQuery("""
                        select count(s), coalesce(max(s.id), 0)
                        from Submission s, Task t
                        where s.taskId = t.id and t.campaignId in ?1 and t.kind = ?2 and t.goldKind is null""", Object[].class)
                .setParameter(1, campaignIds).setParameter(2, TaskKind.PAIRWISE).getSingleResult();
        return new Stamp(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }
}
