package dev.laurel.arena;

import dev.laurel.arena.BradleyTerry.Battle;
import dev.laurel.arena.BradleyTerry.Rating;
import java.util.List;

/**
 * Times {@link BradleyTerry#bootstrap} at leaderboard scale: 100 rounds on 100k votes over 50
 * models; the budget is 5 s on 2 cores. A main rather than a timed test, so slow CI machines
 * don't fail builds. Run from the project root:
 * {@code java -cp target/classes:target/test-classes dev.laurel.arena.BradleyTerryBench}
 */
public final class BradleyTerryBench {

    private BradleyTerryBench() {
    }

    public static void main(String[] args) {
        int models = 50;
        double[] trueRatings = new double[models];
        for (int model = 0; model < models; model++) {
            trueRatings[model] = 1300 - 12 * model;
        }
        List<Battle> battles = SyntheticBattles.draw(trueRatings, 100_000, 0.1, 2024);

        for (int run = 1; run <= 3; run++) {   // the first run is the cold one a server sees at start
            long start = System.nanoTime();
            List<Rating> board = BradleyTerry.bootstrap(battles, models, 100, run);
            double seconds = (System.nanoTime() - start) / 1e9;
            Rating best = board.get(0);
            System.out.printf("run %d: 100 rounds, %,d votes, %d models: %.3f s  (model 0: %.1f [%.1f, %.1f] rank %d)%n",
                    run, battles.size(), models, seconds, best.rating(), best.lower(), best.upper(), best.rank());
        }
        System.out.println("available processors: " + Runtime.getRuntime().availableProcessors());
    }
}
