package dev.laurel.arena;

import dev.laurel.arena.BradleyTerry.Battle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Votes drawn from the Bradley-Terry model itself, so the true ratings are known. */
final class SyntheticBattles {

    private SyntheticBattles() {
    }

    /**
     * {@code count} battles between uniformly chosen pairs; a share {@code tieRate} are ties, the
     * rest won with the Elo probability of the given ratings.
     */
    static List<Battle> draw(double[] ratings, int count, double tieRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Battle> battles = new ArrayList<>(count);
        while (battles.size() < count) {
            int a = random.nextInt(ratings.length);
            int b = random.nextInt(ratings.length);
            if (a == b) {
                continue;
            }
            double outcome = random.nextDouble() < tieRate ? 0.5
                    : random.nextDouble() < winProbability(ratings[a], ratings[b]) ? 1 : 0;
            battles.add(new Battle(a, b, outcome));
        }
        return battles;
    }

    static double winProbability(double ratingA, double ratingB) {
        return 1 / (1 + Math.pow(10, (ratingB - ratingA) / 400));
    }
}
