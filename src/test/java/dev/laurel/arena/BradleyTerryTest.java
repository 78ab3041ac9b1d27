package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.arena.BradleyTerry.Battle;
import dev.laurel.arena.BradleyTerry.Rating;
import dev.laurel.arena.BradleyTerry.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BradleyTerryTest {

    private static final double[] TRUE_RATINGS = {1250, 1150, 1080, 1000, 960, 900, 830, 780};
    private static final List<Battle> SYNTHETIC = SyntheticBattles.draw(TRUE_RATINGS, 20_000, 0.1, 7);

    @Test
    void orderOnPrdVicuna80AgreesWithPublishedWinRateOrder() {
        double[] ratings = BradleyTerry.fit(PrdVicuna80.battles(), PrdVicuna80.MODELS.size());

        // PrdVicuna80.MODELS lists the models by published win rate, best first.
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, order(ratings), Arrays.toString(ratings));
    }

    @Test
    void modelThatWinsEveryBattleRanksFirstWithAFiniteRating() {
        List<Battle> battles = new ArrayList<>(SyntheticBattles.draw(new double[] {1000, 1000, 1000, 1000}, 400, 0.1, 1));
        for (int other = 0; other < 4; other++) {
            for (int game = 0; game < 10; game++) {
                battles.add(new Battle(4, other, 1));
            }
        }

        double[] ratings = BradleyTerry.fit(battles, 5);
        List<Rating> board = BradleyTerry.bootstrap(battles, 5, 3);

        assertEquals(4, order(ratings)[0]);
        assertTrue(Double.isFinite(ratings[4]) && ratings[4] < 3000, Arrays.toString(ratings));
        assertEquals(1, board.get(4).rank());
    }

    @Test
    void perfectlySeparatedModelsStillGetFiniteOrderedRatings() {
        List<Battle> battles = new ArrayList<>();
        for (int better = 0; better < 6; better++) {
            for (int worse = better + 1; worse < 6; worse++) {
                for (int game = 0; game < 1_000; game++) {
                    battles.add(new Battle(better, worse, 1));
                }
            }
        }

        double[] ratings = BradleyTerry.fit(battles, 6);

        assertArrayEquals(IntStream.range(0, 6).toArray(), order(ratings), Arrays.toString(ratings));
        assertTrue(Arrays.stream(ratings).allMatch(Double::isFinite), Arrays.toString(ratings));
    }

    @Test
    void swappingSidesWithFlippedOutcomesChangesNothing() {
        List<Battle> swapped = SYNTHETIC.stream()
                .map(battle -> new Battle(battle.b(), battle.a(), 1 - battle.outcomeForA(), battle.weight()))
                .toList();

        assertArrayEquals(BradleyTerry.fit(SYNTHETIC, 8), BradleyTerry.fit(swapped, 8), 1e-9);
    }

    @Test
    void ratingsAverageToOneThousand() {
        double[] ratings = BradleyTerry.fit(SYNTHETIC, 8);

        assertEquals(1000, Arrays.stream(ratings).average().orElseThrow(), 1e-9);
        for (Rating rating : BradleyTerry.bootstrap(SYNTHETIC, 8, 20, 1)) {
            assertEquals(ratings[rating.model()], rating.rating());
        }
    }

    @Test
    void knownStrengthsAreRecoveredInOrderAndSize() {
        double[] ratings = BradleyTerry.fit(SYNTHETIC, 8);

        assertArrayEquals(IntStream.range(0, 8).toArray(), order(ratings), Arrays.toString(ratings));
        // Ties (10% at random) pull ratings towards each other, so compare gaps loosely.
        double trueMean = Arrays.stream(TRUE_RATINGS).average().orElseThrow();
        for (int model = 0; model < 8; model++) {
            double trueGap = TRUE_RATINGS[model] - trueMean;
            assertEquals(trueGap, ratings[model] - 1000, 15 + 0.12 * Math.abs(trueGap), "model " + model);
        }
    }

    @Test
    void bootstrapIntervalContainsThePointEstimate() {
        List<Rating> board = BradleyTerry.bootstrap(SYNTHETIC, 8, 1);

        assertEquals(8, board.size());
        for (Rating rating : board) {
            assertTrue(rating.lower() < rating.rating() && rating.rating() < rating.upper(), rating.toString());
            assertTrue(rating.upper() - rating.lower() < 60, "20k votes give intervals of a few dozen points: " + rating);
        }
    }

    @Test
    void sameSeedGivesTheSameBootstrapAndAnotherSeedDoesNot() {
        assertEquals(BradleyTerry.bootstrap(SYNTHETIC, 8, 42), BradleyTerry.bootstrap(SYNTHETIC, 8, 42));
        assertNotEquals(BradleyTerry.bootstrap(SYNTHETIC, 8, 42), BradleyTerry.bootstrap(SYNTHETIC, 8, 43));
    }

    @Test
    void modelsWhoseIntervalsOverlapShareARank() {
        double[] close = {1200, 1195, 1000, 800};
        List<Rating> board = BradleyTerry.bootstrap(SyntheticBattles.draw(close, 3_000, 0, 5), 4, 5);

        assertEquals(List.of(1, 1, 3, 4), board.stream().map(Rating::rank).toList(), board.toString());
    }

    @Test
    void aTieCountsAsHalfAWinForEachSide() {
        List<Battle> withTies = List.of(new Battle(0, 1, 1), new Battle(1, 2, 0.5), new Battle(1, 2, 0.5));
        List<Battle> withWinAndLoss = List.of(new Battle(0, 1, 1), new Battle(1, 2, 1), new Battle(1, 2, 0));

        assertArrayEquals(BradleyTerry.fit(withWinAndLoss, 3), BradleyTerry.fit(withTies, 3), 1e-9);
    }

    @Test
    void bothBadCountsAsATie() {
        assertEquals(new Battle(0, 1, 0.5), new Battle(0, 1, Verdict.BOTH_BAD));
        assertEquals(Verdict.TIE.outcomeForA(), Verdict.BOTH_BAD.outcomeForA());
    }

    @Test
    void aWeightOfTwoCountsLikeTheSameVoteTwice() {
        List<Battle> weighted = SYNTHETIC.stream()
                .map(battle -> new Battle(battle.a(), battle.b(), battle.outcomeForA(), battle.a() == 0 ? 2 : 1))
                .toList();
        List<Battle> repeated = new ArrayList<>(SYNTHETIC);
        SYNTHETIC.stream().filter(battle -> battle.a() == 0).forEach(repeated::add);

        assertArrayEquals(BradleyTerry.fit(repeated, 8), BradleyTerry.fit(weighted, 8), 1e-9);
    }

    @Test
    void modelWithoutBattlesSitsAtTheMean() {
        double[] ratings = BradleyTerry.fit(List.of(new Battle(0, 1, 1), new Battle(1, 0, 1)), 3);

        assertArrayEquals(new double[] {1000, 1000, 1000}, ratings, 1e-9);
    }

    @Test
    void invalidBattlesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Battle(1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Battle(0, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new Battle(0, 1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> BradleyTerry.fit(List.of(new Battle(0, 3, 1)), 3));
    }

    /** Model indices from best to worst rating. */
    private static int[] order(double[] ratings) {
        return IntStream.range(0, ratings.length).boxed()
                .sorted(Comparator.comparingDouble((Integer model) -> ratings[model]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }
}
