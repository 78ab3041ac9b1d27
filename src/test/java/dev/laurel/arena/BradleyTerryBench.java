package dev.laurel.arena;

import dev.laurel.arena.BradleyTerry.Battle;
import dev.laurel.arena.BradleyTerry.Rating;
import dev.laurel.arena.BradleyTerry.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the leaderboard at scale: {@link BradleyTerry#bootstrap} with 100 rounds on 100k votes
 * over 50 models (goal: under 5 s on 2 cores), and the whole {@link Ranking} the server runs (plus
 * win rates; and with style control, for information). A main rather than a timed test, so slow CI
 * machines don't fail builds. Run {@code bench/arena.sh} from the project root.
 */
public final class BradleyTerryBench {
    static final double GOAL_SECONDS = 5.0;

    private BradleyTerryBench() {
    }

    public static void main(String[] args) {
        int models = 50;
        int votes = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        double[] trueRatings = new double[models];
        for (int model = 0; model < models; model++) {
            trueRatings[model] = 1300 - 12 * model;
        }
        List<Battle> battles = SyntheticBattles.draw(trueRatings, votes, 0.1, 2024);

        double best = Double.MAX_VALUE;
        for (int run = 1; run <= 3; run++) {   // the first run is the cold one a server sees at start
            long start = System.nanoTime();
            List<Rating> board = BradleyTerry.bootstrap(battles, models, 100, run);
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.min(best, seconds);
            Rating top = board.get(0);
            System.out.printf("bradley-terry run %d: 100 rounds, %,d votes, %d models: %.3f s  (model 0: %.1f [%.1f, %.1f] rank %d)%n",
                    run, battles.size(), models, seconds, top.rating(), top.lower(), top.upper(), top.rank());
        }
        System.out.printf("bradley-terry bootstrap: best %.3f s, goal < %.1f s, ratio to goal %.2f (%s)%n",
                best, GOAL_SECONDS, best / GOAL_SECONDS, best < GOAL_SECONDS ? "meets the goal" : "MISSES the goal");

        // reply lengths drawn per vote: no two votes share a length difference, the worst case for
        // style control (in a campaign the votes on one task share theirs)
        java.util.SplittableRandom lengths = new java.util.SplittableRandom(7);
        List<Ranking.Vote> ranked = new ArrayList<>(battles.size());
        for (int i = 0; i < battles.size(); i++) {
            Battle battle = battles.get(i);
            Verdict verdict = battle.outcomeForA() == 1 ? Verdict.A_BETTER : battle.outcomeForA() == 0 ? Verdict.B_BETTER : Verdict.TIE;
            ranked.add(new Ranking.Vote(i / 3, battle.a(), battle.b(), verdict, 100 + lengths.nextInt(1500),
                    100 + lengths.nextInt(1500), 1));
        }
        long start = System.nanoTime();
        Ranking.compute(ranked, 100, 1, false);
        System.out.printf("leaderboard (bootstrap + win rates), as served: %.3f s%n", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        Ranking.compute(ranked, 100, 1, true);
        System.out.printf("leaderboard with style control (100 rounds, every vote its own lengths; for information): %.3f s%n", (System.nanoTime() - start) / 1e9);
        System.out.println("available processors: " + Runtime.getRuntime().availableProcessors());
    }
}
