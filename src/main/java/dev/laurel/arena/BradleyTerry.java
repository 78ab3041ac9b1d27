package dev.laurel.arena;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Bradley &amp; Terry (1952) ratings of models from pairwise votes, fitted by maximum likelihood
 * as Chatbot Arena does (Chiang et al. 2024, "Chatbot Arena", §5; FastChat
 * {@code rating_systems.py compute_mle_elo}), with percentile-bootstrap 95% intervals.
 *
 * <p><b>Model.</b> P(a beats b) = 1 / (1 + 10^((R_b − R_a) / 400)): the Elo scale, base 10,
 * 400 points = 10:1 odds. A tie counts half a win for each side. A battle's weight (e.g. the
 * labeler's reliability) scales its wins; the likelihood is the weighted one.
 *
 * <p><b>Anchor.</b> Ratings are shifted so their mean is exactly 1000. We anchor on the mean
 * rather than on a reference model because no model then has to stay on the board forever, and
 * the penalty below already puts the optimum's mean at zero. Only differences carry meaning.
 *
 * <p><b>Fit.</b> Battles are first summed into a models×models win matrix, so a Newton step
 * costs O(models²) to build and O(models³) to solve whatever the number of votes, and about ten
 * steps suffice (MM needs hundreds when ratings are far apart). A small L2 penalty on the
 * natural-log strengths, {@value #L2} (a Gaussian prior with sd 10 ≈ 1,700 Elo points), keeps a
 * model that won or lost every battle finite and the fit unique on a disconnected graph of
 * comparisons. It moves ratings by about a point when models have a few dozen votes and by
 * hundredths with hundreds (PRD Vicuna80: under 0.02). It is weak on purpose: a single win still
 * puts a model ~340 points above the mean; the bootstrap interval shows how little that means.
 */
public final class BradleyTerry {

    /** Mean rating. */
    public static final double MEAN_RATING = 1000;
    /** Elo points per natural-log unit of strength: 400 / ln 10. */
    static final double ELO_PER_NAT = 400 / Math.log(10);
    /** Weight of the L2 penalty on natural-log strengths; see the class comment. */
    static final double L2 = 0.01;
    public static final int DEFAULT_ROUNDS = 100;

    /**
     * One vote between models {@code a} and {@code b} (indices from 0).
     *
     * @param outcomeForA 1 = a won, 0 = b won, 0.5 = tie (half a win each)
     * @param weight      how much the vote counts, e.g. the labeler's reliability; 1 by default
     */
    public record Battle(int a, int b, double outcomeForA, double weight) {
        public Battle {
            if (a < 0 || b < 0 || a == b) {
                throw new IllegalArgumentException("A battle needs two different models, got " + a + " and " + b);
            }
            if (!(outcomeForA >= 0 && outcomeForA <= 1)) {
                throw new IllegalArgumentException("Outcome must lie between 0 and 1, got " + outcomeForA);
            }
            if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("Weight must be finite and not negative, got " + weight);
            }
        }

        public Battle(int a, int b, double outcomeForA) {
            this(a, b, outcomeForA, 1);
        }

        public Battle(int a, int b, Verdict verdict) {
            this(a, b, verdict.outcomeForA(), 1);
        }
    }

    /** A labeler's answer to "which reply is better?". */
    public enum Verdict {
        A_BETTER(1),
        B_BETTER(0),
        TIE(0.5),
        /**
         * Counted as a tie, as Chatbot Arena does for "tie (bothbad)": the vote says the two are
         * close, not which is better. Drop such votes instead if "both bad" should carry no
         * information about the pair; a separate outcome (Davidson's tie model) is not modelled.
         */
        BOTH_BAD(0.5);

        private final double outcomeForA;

        Verdict(double outcomeForA) {
            this.outcomeForA = outcomeForA;
        }

        public double outcomeForA() {
            return outcomeForA;
        }
    }

    /**
     * One model's place on the leaderboard.
     *
     * @param rating the fit on all battles
     * @param lower  2.5th percentile over bootstrap rounds
     * @param upper  97.5th percentile over bootstrap rounds
     * @param rank   1 + the number of models whose lower bound lies above this model's upper bound,
     *               as Chatbot Arena ranks: models whose intervals overlap share a rank
     */
    public record Rating(int model, double rating, double lower, double upper, int rank) {
    }

    private BradleyTerry() {
    }

    /** Ratings indexed by model, mean 1000; a model without battles gets 1000. */
    public static double[] fit(List<Battle> battles, int models) {
        return fit(winMatrix(battles, models));
    }

    /** {@link #bootstrap(List, int, int, long)} with {@value #DEFAULT_ROUNDS} rounds. */
    public static List<Rating> bootstrap(List<Battle> battles, int models, long seed) {
        return bootstrap(battles, models, DEFAULT_ROUNDS, seed);
    }

    /**
     * Ratings with 95% intervals from {@code rounds} refits on battles resampled with replacement.
     * A round aggregates its resample into the win matrix as it draws, so a refit costs the same
     * at any number of votes; drawing is O(votes). The same seed gives the same result.
     *
     * @return one rating per model, indexed by model
     */
    public static List<Rating> bootstrap(List<Battle> battles, int models, int rounds, long seed) {
        if (rounds < 1) {
            throw new IllegalArgumentException("Bootstrap needs at least one round, got " + rounds);
        }
        double[] point = fit(battles, models);
        int n = battles.size();
        int[] a = new int[n];
        int[] b = new int[n];
        double[] winsOfA = new double[n];
        double[] winsOfB = new double[n];
        for (int i = 0; i < n; i++) {
            Battle battle = battles.get(i);
            a[i] = battle.a();
            b[i] = battle.b();
            winsOfA[i] = battle.weight() * battle.outcomeForA();
            winsOfB[i] = battle.weight() * (1 - battle.outcomeForA());
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] samples = new double[models][rounds];
        for (int round = 0; round < rounds; round++) {
            double[][] wins = new double[models][models];
            for (int draw = 0; draw < n; draw++) {
                int i = random.nextInt(n);
                wins[a[i]][b[i]] += winsOfA[i];
                wins[b[i]][a[i]] += winsOfB[i];
            }
            double[] ratings = fit(wins);
            for (int model = 0; model < models; model++) {
                samples[model][round] = ratings[model];
            }
        }
        return board(point, samples);
    }

    /**
     * The leaderboard from point ratings and, per model, its ratings over the bootstrap rounds:
     * percentile intervals and Chatbot Arena ranks. Sorts {@code samples} in place.
     */
    static List<Rating> board(double[] point, double[][] samples) {
        int models = point.length;
        double[] lower = new double[models];
        double[] upper = new double[models];
        for (int model = 0; model < models; model++) {
            Arrays.sort(samples[model]);
            lower[model] = percentile(samples[model], 0.025);
            upper[model] = percentile(samples[model], 0.975);
        }
        List<Rating> board = new ArrayList<>(models);
        for (int model = 0; model < models; model++) {
            int clearlyAhead = 0;
            for (int other = 0; other < models; other++) {
                if (lower[other] > upper[model]) {
                    clearlyAhead++;
                }
            }
            board.add(new Rating(model, point[model], lower[model], upper[model], 1 + clearlyAhead));
        }
        return List.copyOf(board);
    }

    /** wins[i][j] = weighted wins of i over j, ties counting half to each. */
    static double[][] winMatrix(List<Battle> battles, int models) {
        double[][] wins = new double[models][models];
        for (Battle battle : battles) {
            if (battle.a() >= models || battle.b() >= models) {
                throw new IllegalArgumentException(
                        "Battle " + battle.a() + " vs " + battle.b() + " names a model beyond the " + models + " given");
            }
            wins[battle.a()][battle.b()] += battle.weight() * battle.outcomeForA();
            wins[battle.b()][battle.a()] += battle.weight() * (1 - battle.outcomeForA());
        }
        return wins;
    }

    private static double[] fit(double[][] wins) {
        return toElo(NewtonAscent.maximize(new WinMatrixLikelihood(wins)), wins.length);
    }

    /** Natural-log strengths to the Elo scale; the shift makes the (already near-zero) mean exact. */
    static double[] toElo(double[] strengths, int models) {
        double mean = 0;
        for (int i = 0; i < models; i++) {
            mean += strengths[i] / models;
        }
        double[] ratings = new double[models];
        for (int i = 0; i < models; i++) {
            ratings[i] = MEAN_RATING + ELO_PER_NAT * (strengths[i] - mean);
        }
        return ratings;
    }

    /** Linear interpolation between order statistics (numpy's default). */
    private static double percentile(double[] sorted, double fraction) {
        double position = fraction * (sorted.length - 1);
        int below = (int) position;
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /** Σ_{i≠j} wins[i][j]·log σ(θi − θj) − L2/2·Σθ², in natural-log strengths θ. */
    private record WinMatrixLikelihood(double[][] wins) implements NewtonAscent.Objective {

        @Override
        public int dimension() {
            return wins.length;
        }

        @Override
        public double value(double[] theta) {
            double value = 0;
            for (int i = 0; i < theta.length; i++) {
                value -= L2 / 2 * theta[i] * theta[i];
                for (int j = i + 1; j < theta.length; j++) {
                    if (wins[i][j] + wins[j][i] > 0) {
                        double difference = theta[i] - theta[j];
                        value += wins[i][j] * NewtonAscent.logSigmoid(difference)
                                + wins[j][i] * NewtonAscent.logSigmoid(-difference);
                    }
                }
            }
            return value;
        }

        @Override
        public void derivatives(double[] theta, double[] gradient, double[][] negatedHessian) {
            int n = theta.length;
            for (int i = 0; i < n; i++) {
                gradient[i] = -L2 * theta[i];
                Arrays.fill(negatedHessian[i], 0);
                negatedHessian[i][i] = L2;
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double games = wins[i][j] + wins[j][i];
                    if (games > 0) {
                        double p = NewtonAscent.sigmoid(theta[i] - theta[j]);
                        double surplus = wins[i][j] - games * p;   // wins of i over j beyond expected
                        double curvature = games * p * (1 - p);
                        gradient[i] += surplus;
                        gradient[j] -= surplus;
                        negatedHessian[i][i] += curvature;
                        negatedHessian[j][j] += curvature;
                        negatedHessian[i][j] -= curvature;
                        negatedHessian[j][i] -= curvature;
                    }
                }
            }
        }
    }
}
