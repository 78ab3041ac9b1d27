package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.arena.BradleyTerry.Battle;
import dev.laurel.arena.BradleyTerry.Verdict;
import dev.laurel.arena.Ranking.Entry;
import dev.laurel.arena.Ranking.Vote;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {

    /** PRD Vicuna80 as Ranking votes: candidate ids 100 + model index, one item per (question, pair). */
    private static List<Vote> prdVotes() {
        List<Vote> votes = new ArrayList<>();
        for (WinRates.Vote vote : PrdVicuna80.votes()) {
            int low = Math.min(vote.a(), vote.b());
            int high = Math.max(vote.a(), vote.b());
            double outcomeForLow = vote.a() == low ? vote.outcomeForA() : 1 - vote.outcomeForA();
            Verdict verdict = outcomeForLow == 1 ? Verdict.A_BETTER : outcomeForLow == 0 ? Verdict.B_BETTER : Verdict.TIE;
            votes.add(new Vote(vote.item() * 100 + low * 10 + high, 100 + low, 100 + high, verdict, 100, 100, 1));
        }
        return votes;
    }

    @Test
    void prdVotesGiveThePublishedWinRatesAndTheDirectBradleyTerryFit() {
        Ranking.Result result = Ranking.compute(prdVotes(), 20, 1, false);

        double[] direct = BradleyTerry.fit(PrdVicuna80.battles(), 5);
        double[] published = {0.821875, 0.6890625, 0.3890625, 0.3140625, 0.2859375};
        assertEquals(1760, result.votes());
        for (int rank = 0; rank < 5; rank++) {
            Entry entry = result.entries().get(rank);
            assertEquals(100 + rank, entry.candidateId(), "published order");
            assertEquals(published[rank], entry.winRate(), 0);
            assertEquals(direct[rank], entry.rating(), 1e-9);
            assertTrue(entry.lower() <= entry.rating() && entry.rating() <= entry.upper());
        }
        assertNull(result.lengthCoefficient());
    }

    @Test
    void battlesCountEveryVoteOfAModel() {
        List<Vote> votes = List.of(
                new Vote(1, 7, 9, Verdict.A_BETTER, 10, 10, 1),
                new Vote(1, 7, 9, Verdict.BOTH_BAD, 10, 10, 1),
                new Vote(2, 7, 8, Verdict.TIE, 10, 10, 1));

        Ranking.Result result = Ranking.compute(votes, 5, 1, false);

        assertEquals(List.of(7L, 8L, 9L), result.candidates());
        Entry seven = result.entries().stream().filter(e -> e.candidateId() == 7).findFirst().orElseThrow();
        assertEquals(3, seven.battles());
        // item 1: A_BETTER and BOTH_BAD (half each) → majority for 7; item 2 tie → 1.5 of 2
        assertEquals(0.75, seven.winRate());
    }

    @Test
    void orderOfVotesWithinTheInputDoesNotChangeThePointRatings() {
        List<Vote> votes = new ArrayList<>(prdVotes());
        Ranking.Result ordered = Ranking.compute(votes, 5, 3, false);
        Collections.shuffle(votes, new Random(5));
        Ranking.Result shuffled = Ranking.compute(votes, 5, 3, false);

        for (int i = 0; i < 5; i++) {
            assertEquals(ordered.entries().get(i).candidateId(), shuffled.entries().get(i).candidateId());
            assertEquals(ordered.entries().get(i).rating(), shuffled.entries().get(i).rating(), 1e-9);
        }
    }

    @Test
    void sameVotesAndSeedGiveTheSameBoard() {
        assertEquals(Ranking.compute(prdVotes(), 30, 42, false).entries(), Ranking.compute(prdVotes(), 30, 42, false).entries());
    }

    @Test
    void styleControlReportsTheLengthCoefficient() {
        List<Vote> votes = new ArrayList<>();
        for (Battle battle : SyntheticBattles.draw(new double[] {1100, 1000, 900}, 3_000, 0.1, 4)) {
            Verdict verdict = battle.outcomeForA() == 1 ? Verdict.A_BETTER : battle.outcomeForA() == 0 ? Verdict.B_BETTER : Verdict.TIE;
            int low = Math.min(battle.a(), battle.b());
            Verdict forLow = battle.a() == low ? verdict
                    : verdict == Verdict.A_BETTER ? Verdict.B_BETTER : verdict == Verdict.B_BETTER ? Verdict.A_BETTER : verdict;
            votes.add(new Vote(votes.size(), low, Math.max(battle.a(), battle.b()), forLow, 200, 200, 1));
        }

        Ranking.Result result = Ranking.compute(votes, 10, 1, true);

        assertNotNull(result.lengthCoefficient());
        assertEquals(0, result.lengthCoefficient(), 1e-6, "equal lengths say nothing about length");
        assertEquals(List.of(0L, 1L, 2L), result.entries().stream().map(Entry::candidateId).toList());
    }

    @Test
    void noVotesGiveAnEmptyBoard() {
        Ranking.Result result = Ranking.compute(List.of(), 100, 1, false);

        assertTrue(result.entries().isEmpty());
        assertEquals(0, result.votes());
    }
}
