package dev.laurel.arena;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Majority-vote win rates as computed in PRD (Li, Patel &amp; Du 2023, "PRD: Peer Rank and
 * Discussion Improve Large Language Model based Evaluations", {@code peer_rank/peer_ranking.ipynb
 * compute_winrates}).
 *
 * <p>The votes on one item (a question answered by models a and b, in that order) are reduced to
 * their majority, the sign of the mean score: a won, b won, or tie when the votes cancel. Each
 * item is one battle: a model's win rate is its wins over its items, and the win-fraction matrix
 * holds, for every pair, the share of their items the row model won. Ties count 1/2. As in PRD,
 * the same question shown as (a, b) and as (b, a) makes two items.
 */
public final class WinRates {

    /**
     * One labeler's vote on one item.
     *
     * @param outcomeForA 1 = a better, 0 = b better, 0.5 = tie
     */
    public record Vote(long item, int a, int b, double outcomeForA) {
        public Vote {
            if (a < 0 || b < 0 || a == b) {
                throw new IllegalArgumentException("A vote needs two different models, got " + a + " and " + b);
            }
            if (outcomeForA != 0 && outcomeForA != 0.5 && outcomeForA != 1) {
                throw new IllegalArgumentException("Outcome must be 0, 0.5 or 1, got " + outcomeForA);
            }
        }
    }

    /**
     * @param winRates     per model; NaN for a model without items
     * @param winFractions [row][column] = share of their items the row model won; NaN on the
     *                     diagonal and for pairs without items
     * @param items        [row][column] = number of items between the two models
     * @param won          [row][column] = items whose majority the row model won (ties not counted)
     * @param ties         [row][column] = items whose votes cancelled out; {@code items - ties} were decided
     */
    public record Table(double[] winRates, double[][] winFractions, int[][] items, int[][] won, int[][] ties) {
        public double winRate(int model) {
            return winRates[model];
        }

        public double winFraction(int row, int column) {
            return winFractions[row][column];
        }
    }

    private record Item(long item, int a, int b) {
    }

    private WinRates() {
    }

    public static Table compute(List<Vote> votes, int models) {
        // Sum of (outcome − ½) per item: its sign is the majority. The summands are multiples
        // of ½, so the sum is exact and a tie is exactly zero.
        Map<Item, Double> margins = new LinkedHashMap<>();
        for (Vote vote : votes) {
            if (vote.a() >= models || vote.b() >= models) {
                throw new IllegalArgumentException(
                        "Vote " + vote.a() + " vs " + vote.b() + " names a model beyond the " + models + " given");
            }
            margins.merge(new Item(vote.item(), vote.a(), vote.b()), vote.outcomeForA() - 0.5, Double::sum);
        }
        double[][] wins = new double[models][models];
        int[][] items = new int[models][models];
        int[][] won = new int[models][models];
        int[][] ties = new int[models][models];
        margins.forEach((item, margin) -> {
            double outcomeForA = 0.5 + 0.5 * Math.signum(margin);
            wins[item.a()][item.b()] += outcomeForA;
            wins[item.b()][item.a()] += 1 - outcomeForA;
            items[item.a()][item.b()]++;
            items[item.b()][item.a()]++;
            if (margin > 0) {
                won[item.a()][item.b()]++;
            } else if (margin < 0) {
                won[item.b()][item.a()]++;
            } else {
                ties[item.a()][item.b()]++;
                ties[item.b()][item.a()]++;
            }
        });
        double[] winRates = new double[models];
        double[][] winFractions = new double[models][models];
        for (int row = 0; row < models; row++) {
            double scored = 0;
            int played = 0;
            for (int column = 0; column < models; column++) {
                scored += wins[row][column];
                played += items[row][column];
                winFractions[row][column] = items[row][column] == 0 ? Double.NaN : wins[row][column] / items[row][column];
            }
            winRates[row] = played == 0 ? Double.NaN : scored / played;
        }
        return new Table(winRates, winFractions, items, won, ties);
    }
}
