package dev.laurel.arena;

import dev.laurel.arena.BradleyTerry.Battle;
import dev.laurel.arena.BradleyTerry.Rating;
import dev.laurel.arena.BradleyTerry.Verdict;
import dev.laurel.arena.StyleControl.StyledBattle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model leaderboard from side-free votes: {@link BradleyTerry} ratings with bootstrap intervals
 * (or {@link StyleControl}'s, reply length held equal), the number of battles and the PRD majority
 * win rates ({@link WinRates}). Pure: no CDI, no I/O; the same votes and seed give the same board.
 *
 * <p>Models are indexed by ascending candidate id, so the order votes arrive in never matters
 * except through the bootstrap's resampling, which follows the votes' order (callers pass them
 * ordered, e.g. by submission id).
 */
public final class Ranking {

    /**
     * One vote between candidates {@code candidateA} and {@code candidateB}.
     *
     * @param item    what PRD calls an item: one comparison shown to several labelers (a task);
     *                the win rates take the majority of its votes
     * @param weight  how much the vote counts in Bradley-Terry (labeler reliability; 1 by default)
     */
    public record Vote(long item, long candidateA, long candidateB, Verdict verdict, int lengthA, int lengthB,
                       double weight) {
    }

    /**
     * One model's row.
     *
     * @param battles votes the model took part in
     * @param winRate PRD majority win rate over its items (ties count half)
     */
    public record Entry(long candidateId, double rating, double lower, double upper, int rank, int battles,
                        double winRate) {
    }

    /**
     * @param entries           best first (by rating, then candidate id)
     * @param lengthCoefficient β of style control in Elo points, null without style control
     * @param candidates        candidate ids in index order of {@code winRates}
     * @param winRates          the PRD majority win rates and win-fraction matrix, indexed as {@code candidates}
     */
    public record Result(List<Entry> entries, int votes, Double lengthCoefficient, List<Long> candidates,
                         WinRates.Table winRates) {
        static final Result EMPTY = new Result(List.of(), 0, null, List.of(),
                new WinRates.Table(new double[0], new double[0][0], new int[0][0], new int[0][0], new int[0][0]));
    }

    private Ranking() {
    }

    public static Result compute(List<Vote> votes, int rounds, long seed, boolean styleControl) {
        if (votes.isEmpty()) {
            return Result.EMPTY;
        }
        Map<Long, Integer> index = new TreeMap<>();
        for (Vote vote : votes) {
            index.putIfAbsent(vote.candidateA(), 0);
            index.putIfAbsent(vote.candidateB(), 0);
        }
        List<Long> candidates = new ArrayList<>(index.keySet());
        for (int i = 0; i < candidates.size(); i++) {
            index.put(candidates.get(i), i);
        }
        int models = candidates.size();
        int[] battles = new int[models];
        List<StyledBattle> styled = new ArrayList<>(votes.size());
        List<WinRates.Vote> majority = new ArrayList<>(votes.size());
        for (Vote vote : votes) {
            int a = index.get(vote.candidateA());
            int b = index.get(vote.candidateB());
            battles[a]++;
            battles[b]++;
            Battle battle = new Battle(a, b, vote.verdict().outcomeForA(), vote.weight());
            styled.add(new StyledBattle(battle, vote.lengthA(), vote.lengthB()));
            majority.add(new WinRates.Vote(vote.item(), a, b, vote.verdict().outcomeForA()));
        }
        List<Rating> board;
        Double lengthCoefficient = null;
        if (styleControl) {
            StyleControl.Bootstrapped controlled = StyleControl.bootstrap(styled, models, rounds, seed);
            board = controlled.board();
            lengthCoefficient = controlled.lengthCoefficient();
        } else {
            board = BradleyTerry.bootstrap(styled.stream().map(StyledBattle::battle).toList(), models, rounds, seed);
        }
        WinRates.Table table = WinRates.compute(majority, models);
        List<Entry> entries = new ArrayList<>(models);
        for (Rating rating : board) {
            int model = rating.model();
            entries.add(new Entry(candidates.get(model), rating.rating(), rating.lower(), rating.upper(), rating.rank(),
                    battles[model], table.winRate(model)));
        }
        entries.sort(Comparator.comparingDouble(Entry::rating).reversed().thenComparingLong(Entry::candidateId));
        return new Result(List.copyOf(entries), votes.size(), lengthCoefficient, List.copyOf(candidates), table);
    }
}
