package dev.laurel.arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.arena.BradleyTerry.Battle;
import dev.laurel.arena.StyleControl.Result;
import dev.laurel.arena.StyleControl.StyledBattle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StyleControlTest {

    /** Best model first; the weaker a model, the longer it writes. */
    private static final double[] TRUE_RATINGS = {1150, 1080, 1020, 980, 920, 850};
    private static final double[] TYPICAL_LENGTH = {150, 250, 400, 600, 850, 1200};
    /** Labelers' taste for length, in Elo points at d = 1. */
    private static final double LENGTH_BIAS = 500;

    @Test
    void lengthBiasedVotesAreCorrected() {
        List<StyledBattle> battles = lengthBiasedBattles(30_000, 11);
        List<Battle> plain = battles.stream().map(StyledBattle::battle).toList();

        double[] plainRatings = BradleyTerry.fit(plain, 6);
        Result controlled = StyleControl.fit(battles, 6);

        assertFalse(plainRatings[0] > plainRatings[5], "the data set must fool plain Bradley-Terry: "
                + Arrays.toString(plainRatings));
        double trueMean = Arrays.stream(TRUE_RATINGS).average().orElseThrow();
        for (int model = 0; model < 6; model++) {
            assertEquals(TRUE_RATINGS[model] - trueMean, controlled.ratings()[model] - 1000, 20, "model " + model);
        }
        assertEquals(LENGTH_BIAS, controlled.lengthCoefficient(), 50);
    }

    @Test
    void equalLengthsGivePlainBradleyTerry() {
        List<Battle> plain = SyntheticBattles.draw(TRUE_RATINGS, 5_000, 0.1, 3);
        List<StyledBattle> equal = plain.stream().map(battle -> new StyledBattle(battle, 300, 300)).toList();

        Result controlled = StyleControl.fit(equal, 6);

        assertArrayEquals(BradleyTerry.fit(plain, 6), controlled.ratings(), 1e-6);
        assertEquals(0, controlled.lengthCoefficient(), 1e-9);
    }

    /** Votes where P(a wins) also grows with a's share of the total length. */
    private static List<StyledBattle> lengthBiasedBattles(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<StyledBattle> battles = new ArrayList<>(count);
        while (battles.size() < count) {
            int a = random.nextInt(6);
            int b = random.nextInt(6);
            if (a == b) {
                continue;
            }
            StyledBattle lengths = new StyledBattle(new Battle(a, b, 1), length(a, random), length(b, random));
            double bias = LENGTH_BIAS * lengths.lengthDifference();
            double winProbability = SyntheticBattles.winProbability(TRUE_RATINGS[a] + bias, TRUE_RATINGS[b]);
            double outcome = random.nextDouble() < winProbability ? 1 : 0;
            battles.add(new StyledBattle(new Battle(a, b, outcome), lengths.lengthA(), lengths.lengthB()));
        }
        return battles;
    }

    /** Log-normal around the model's typical length, so length is not just the model's identity. */
    private static int length(int model, SplittableRandom random) {
        double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        return (int) Math.round(TYPICAL_LENGTH[model] * Math.exp(0.4 * gaussian));
    }

    @Test
    void bootstrapIntervalsContainThePointRatingsAndRepeatWithTheSeed() {
        List<StyledBattle> battles = lengthBiasedBattles(3_000, 5);

        StyleControl.Bootstrapped first = StyleControl.bootstrap(battles, 6, 20, 9);
        StyleControl.Bootstrapped again = StyleControl.bootstrap(battles, 6, 20, 9);

        Result point = StyleControl.fit(battles, 6);
        for (int model = 0; model < 6; model++) {
            BradleyTerry.Rating rating = first.board().get(model);
            assertEquals(point.ratings()[model], rating.rating(), 1e-9);
            assertTrue(rating.lower() <= rating.rating() && rating.rating() <= rating.upper(), rating.toString());
        }
        assertEquals(point.lengthCoefficient(), first.lengthCoefficient(), 1e-9);
        assertEquals(first, again);
    }

    @Test
    void swappingSidesWithFlippedOutcomesAndLengthsChangesNothing() {
        List<StyledBattle> battles = lengthBiasedBattles(4_000, 13);
        List<StyledBattle> swapped = new ArrayList<>();
        for (int i = 0; i < battles.size(); i++) {
            StyledBattle s = battles.get(i);
            Battle b = s.battle();
            swapped.add(i % 2 == 0 ? s : new StyledBattle(new Battle(b.b(), b.a(), 1 - b.outcomeForA(), b.weight()),
                    s.lengthB(), s.lengthA()));
        }

        Result original = StyleControl.fit(battles, 6);
        Result mirrored = StyleControl.fit(swapped, 6);

        assertArrayEquals(original.ratings(), mirrored.ratings(), 1e-6);
        assertEquals(original.lengthCoefficient(), mirrored.lengthCoefficient(), 1e-6);
    }
}
