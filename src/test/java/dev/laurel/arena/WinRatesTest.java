package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.arena.WinRates.Table;
import dev.laurel.arena.WinRates.Vote;
import java.util.List;
import org.junit.jupiter.api.Test;

class WinRatesTest {

    private static final int MODELS = PrdVicuna80.MODELS.size();

    @Test
    void reproducesPrdPublishedHumanWinRatesExactly() {
        Table table = WinRates.compute(PrdVicuna80.votes(), MODELS);

        // gpt-4, claude, vicuna, gpt-3.5, bard (README.txt, peer_ranking.ipynb)
        assertArrayEquals(new double[] {0.821875, 0.6890625, 0.3890625, 0.3140625, 0.2859375}, table.winRates(), 0);
    }

    @Test
    void reproducesPrdPublishedPairwiseWinMatrixExactly() {
        double nan = Double.NaN;
        double[][] published = {
            {nan, .8125, .8, .81875, .85625},
            {.1875, nan, .8875, .8125, .86875},
            {.2, .1125, nan, .6125, .63125},
            {.18125, .1875, .3875, nan, .5},
            {.14375, .13125, .36875, .5, nan},
        };

        Table table = WinRates.compute(PrdVicuna80.votes(), MODELS);

        for (int row = 0; row < MODELS; row++) {
            assertArrayEquals(published[row], table.winFractions()[row], 0, "row " + PrdVicuna80.MODELS.get(row));
        }
    }

    @Test
    void prdVicuna80HoldsEightyMajorityItemsPerPair() {
        Table table = WinRates.compute(PrdVicuna80.votes(), MODELS);

        assertEquals(1760, PrdVicuna80.votes().size());
        for (int row = 0; row < MODELS; row++) {
            for (int column = 0; column < MODELS; column++) {
                assertEquals(row == column ? 0 : 80, table.items()[row][column]);
            }
        }
    }

    @Test
    void majorityIsTheSignOfTheMeanVote() {
        List<Vote> votes = List.of(
                new Vote(1, 0, 1, 1), new Vote(1, 0, 1, 1), new Vote(1, 0, 1, 0),    // a wins 2:1
                new Vote(2, 0, 1, 1), new Vote(2, 0, 1, 0),                          // cancels: tie
                new Vote(3, 0, 1, 0), new Vote(3, 0, 1, 0.5),                        // b wins
                new Vote(4, 0, 1, 0.5));                                             // tie

        Table table = WinRates.compute(votes, 2);

        assertEquals((1 + 0.5 + 0 + 0.5) / 4, table.winFraction(0, 1));
        assertEquals((0 + 0.5 + 1 + 0.5) / 4, table.winFraction(1, 0));
        assertEquals(0.5, table.winRate(0));
        // of the four items two were decided, one each way; ties are counted apart, for both sides
        assertEquals(1, table.won()[0][1]);
        assertEquals(1, table.won()[1][0]);
        assertEquals(2, table.ties()[0][1]);
        assertEquals(2, table.ties()[1][0]);
    }

    @Test
    void wonAndTiedItemsAddUpToTheItemsOfEveryPair() {
        java.util.Random random = new java.util.Random(7);
        double[] outcomes = {0, 0.5, 1};
        List<Vote> votes = new java.util.ArrayList<>();
        for (int item = 0; item < 300; item++) {
            int a = random.nextInt(4);
            int b = (a + 1 + random.nextInt(3)) % 4;
            for (int vote = 0, count = 1 + random.nextInt(4); vote < count; vote++) {
                votes.add(new Vote(item, a, b, outcomes[random.nextInt(3)]));
            }
        }
        Table table = WinRates.compute(votes, 4);
        int items = 0;
        for (int row = 0; row < 4; row++) {
            for (int column = 0; column < 4; column++) {
                items += table.items()[row][column];
                assertEquals(table.items()[row][column], table.won()[row][column] + table.won()[column][row]
                        + table.ties()[row][column], "pair " + row + ", " + column);
            }
        }
        assertEquals(2 * 300, items, "every item counted once for each of its two models");
    }

    @Test
    void swappingSidesWithFlippedOutcomesChangesNothing() {
        List<Vote> votes = PrdVicuna80.votes();
        List<Vote> swapped = votes.stream().map(v -> new Vote(v.item(), v.b(), v.a(), 1 - v.outcomeForA())).toList();

        Table table = WinRates.compute(votes, MODELS);
        Table swappedTable = WinRates.compute(swapped, MODELS);

        assertArrayEquals(table.winRates(), swappedTable.winRates(), 0);
        assertArrayEquals(table.winFractions(), swappedTable.winFractions());
    }

    @Test
    void modelWithoutItemsHasNoWinRate() {
        Table table = WinRates.compute(List.of(new Vote(1, 0, 1, 1)), 3);

        assertEquals(1, table.winRate(0));
        assertEquals(0, table.winRate(1));
        assertTrue(Double.isNaN(table.winRate(2)));
        assertTrue(Double.isNaN(table.winFraction(0, 2)));
    }
}
