package dev.laurel.arena;

import dev.laurel.arena.BradleyTerry.Battle;
import java.util.Arrays;
import java.util.List;

/**
 * Bradley-Terry with reply length as a covariate ("style control", Chatbot Arena 2024, blog post
 * "Does style matter?"; FastChat {@code rating_systems.py fit_mle_elo} with style features).
 *
 * <p>Labelers prefer longer replies, so plain ratings reward verbosity. Here one logistic
 * regression explains each vote by the model indicators and the normalised length difference
 * d = (lengthA − lengthB) / (lengthA + lengthB) ∈ [−1, 1]:
 * P(a beats b) = σ(θa − θb + β·d). The ratings θ are then each model's strength when both replies
 * are equally long, and β is what length alone buys.
 *
 * <p>Unlike FastChat we do not centre or standardise d: its zero must stay "equal length" for θ to
 * mean that, and d is already bounded. Lengths may be characters or tokens (β's size depends on
 * it, the ratings hardly). Ties, weights, the mean-1000 anchor and the L2 penalty (on θ and β)
 * are as in {@link BradleyTerry}. A d that differs per vote cannot be summed into a win matrix,
 * so a Newton step here costs O(votes + models³).
 */
public final class StyleControl {

    /** A battle with the lengths of the two replies, in characters or tokens. */
    public record StyledBattle(Battle battle, int lengthA, int lengthB) {
        public StyledBattle {
            if (lengthA < 0 || lengthB < 0) {
                throw new IllegalArgumentException("Reply lengths cannot be negative, got " + lengthA + " and " + lengthB);
            }
        }

        /** (lengthA − lengthB) / (lengthA + lengthB), 0 when both replies are empty. */
        public double lengthDifference() {
            int total = lengthA + lengthB;
            return total == 0 ? 0 : (double) (lengthA - lengthB) / total;
        }
    }

    /**
     * @param ratings          style-controlled ratings indexed by model, mean 1000
     * @param lengthCoefficient β in Elo points: what a reply gains at d = 1 (the other reply empty)
     */
    public record Result(double[] ratings, double lengthCoefficient) {
    }

    private StyleControl() {
    }

    public static Result fit(List<StyledBattle> battles, int models) {
        for (StyledBattle styled : battles) {
            if (styled.battle().a() >= models || styled.battle().b() >= models) {
                throw new IllegalArgumentException("Battle " + styled.battle().a() + " vs " + styled.battle().b()
                        + " names a model beyond the " + models + " given");
            }
        }
        double[] parameters = NewtonAscent.maximize(new LengthLikelihood(battles, models));
        return new Result(BradleyTerry.toElo(parameters, models), BradleyTerry.ELO_PER_NAT * parameters[models]);
    }

    /**
     * Style-controlled ratings with percentile-bootstrap 95% intervals and ranks as in
     * {@link BradleyTerry#bootstrap(List, int, int, long)}: {@code rounds} refits on battles
     * resampled with replacement. Each refit costs O(votes) per Newton step, so this is slower than
     * the plain bootstrap by about the number of Newton steps. The same seed gives the same result.
     *
     * @return the leaderboard (indexed by model) and β fitted on all battles
     */
    public static Bootstrapped bootstrap(List<StyledBattle> battles, int models, int rounds, long seed) {
        if (rounds < 1) {
            throw new IllegalArgumentException("Bootstrap needs at least one round, got " + rounds);
        }
        Result point = fit(battles, models);
        int n = battles.size();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[][] samples = new double[models][rounds];
        StyledBattle[] drawn = new StyledBattle[n];
        for (int round = 0; round < rounds; round++) {
            for (int draw = 0; draw < n; draw++) {
                drawn[draw] = battles.get(random.nextInt(n));
            }
            double[] ratings = fit(Arrays.asList(drawn), models).ratings();
            for (int model = 0; model < models; model++) {
                samples[model][round] = ratings[model];
            }
        }
        return new Bootstrapped(BradleyTerry.board(point.ratings(), samples), point.lengthCoefficient());
    }

    /** A style-controlled leaderboard, indexed by model, and the length coefficient β in Elo points. */
    public record Bootstrapped(List<BradleyTerry.Rating> board, double lengthCoefficient) {
    }

    /** Weighted log-likelihood of σ(θa − θb + β·d) − L2/2·(Σθ² + β²); β is the last parameter. */
    private record LengthLikelihood(List<StyledBattle> battles, int models) implements NewtonAscent.Objective {

        @Override
        public int dimension() {
            return models + 1;
        }

        @Override
        public double value(double[] x) {
            double value = 0;
            for (double parameter : x) {
                value -= BradleyTerry.L2 / 2 * parameter * parameter;
            }
            for (StyledBattle styled : battles) {
                Battle battle = styled.battle();
                double z = x[battle.a()] - x[battle.b()] + x[models] * styled.lengthDifference();
                value += battle.weight() * (battle.outcomeForA() * NewtonAscent.logSigmoid(z)
                        + (1 - battle.outcomeForA()) * NewtonAscent.logSigmoid(-z));
            }
            return value;
        }

        @Override
        public void derivatives(double[] x, double[] gradient, double[][] negatedHessian) {
            int beta = models;
            for (int i = 0; i < x.length; i++) {
                gradient[i] = -BradleyTerry.L2 * x[i];
                Arrays.fill(negatedHessian[i], 0);
                negatedHessian[i][i] = BradleyTerry.L2;
            }
            for (StyledBattle styled : battles) {
                Battle battle = styled.battle();
                int a = battle.a();
                int b = battle.b();
                double d = styled.lengthDifference();
                double p = NewtonAscent.sigmoid(x[a] - x[b] + x[beta] * d);
                double surplus = battle.weight() * (battle.outcomeForA() - p);
                double curvature = battle.weight() * p * (1 - p);
                gradient[a] += surplus;
                gradient[b] -= surplus;
                gradient[beta] += surplus * d;
                negatedHessian[a][a] += curvature;
                negatedHessian[b][b] += curvature;
                negatedHessian[a][b] -= curvature;
                negatedHessian[b][a] -= curvature;
                negatedHessian[a][beta] += curvature * d;
                negatedHessian[beta][a] += curvature * d;
                negatedHessian[b][beta] -= curvature * d;
                negatedHessian[beta][b] -= curvature * d;
                negatedHessian[beta][beta] += curvature * d * d;
            }
        }
    }
}
