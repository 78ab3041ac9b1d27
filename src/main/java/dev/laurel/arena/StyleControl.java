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
        Groups groups = Groups.of(battles, models);
        double[] parameters = NewtonAscent.maximize(new LengthLikelihood(groups, groups.winsA, groups.winsB, models));
        return new Result(BradleyTerry.toElo(parameters, models), BradleyTerry.ELO_PER_NAT * parameters[models]);
    }

    /**
     * Style-controlled ratings with percentile-bootstrap 95% intervals and ranks as in
     * {@link BradleyTerry#bootstrap(List, int, int, long)}: {@code rounds} refits on battles
     * resampled with replacement. As votes on the same two replies share one length difference,
     * a round sums its draws per (a, b, d) group before fitting, and each refit starts from the
     * fit on all battles; a Newton step then costs O(groups + models³). The same seed gives the
     * same result.
     *
     * @return the leaderboard (indexed by model) and β fitted on all battles
     */
    public static Bootstrapped bootstrap(List<StyledBattle> battles, int models, int rounds, long seed) {
        if (rounds < 1) {
            throw new IllegalArgumentException("Bootstrap needs at least one round, got " + rounds);
        }
        Groups groups = Groups.of(battles, models);
        double[] point = NewtonAscent.maximize(new LengthLikelihood(groups, groups.winsA, groups.winsB, models));
        double[] pointRatings = BradleyTerry.toElo(point, models);
        int n = battles.size();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        double[][] samples = new double[models][rounds];
        double[] winsA = new double[groups.size()];
        double[] winsB = new double[groups.size()];
        for (int round = 0; round < rounds; round++) {
            Arrays.fill(winsA, 0);
            Arrays.fill(winsB, 0);
            for (int draw = 0; draw < n; draw++) {
                int i = random.nextInt(n);
                winsA[groups.groupOfBattle[i]] += groups.battleWinsA[i];
                winsB[groups.groupOfBattle[i]] += groups.battleWinsB[i];
            }
            double[] ratings = BradleyTerry.toElo(
                    NewtonAscent.maximize(new LengthLikelihood(groups, winsA, winsB, models), point), models);
            for (int model = 0; model < models; model++) {
                samples[model][round] = ratings[model];
            }
        }
        return new Bootstrapped(BradleyTerry.board(pointRatings, samples), BradleyTerry.ELO_PER_NAT * point[models]);
    }

    /** A style-controlled leaderboard, indexed by model, and the length coefficient β in Elo points. */
    public record Bootstrapped(List<BradleyTerry.Rating> board, double lengthCoefficient) {
    }

    /**
     * Battles summed per comparison (a &lt; b, d): the likelihood depends on a battle only through
     * its group's weighted wins, so votes on the same two replies cost one term. A battle given as
     * (b, a, −d) joins (a, b, d) with its wins swapped.
     */
    private static final class Groups {
        final int[] a;
        final int[] b;
        final double[] d;
        final double[] winsA;
        final double[] winsB;
        final int[] groupOfBattle;
        final double[] battleWinsA;
        final double[] battleWinsB;

        private Groups(int groups, int battles) {
            a = new int[groups];
            b = new int[groups];
            d = new double[groups];
            winsA = new double[groups];
            winsB = new double[groups];
            groupOfBattle = new int[battles];
            battleWinsA = new double[battles];
            battleWinsB = new double[battles];
        }

        int size() {
            return a.length;
        }

        private record Key(int a, int b, long d) {
        }

        static Groups of(List<StyledBattle> battles, int models) {
            java.util.Map<Key, Integer> index = new java.util.HashMap<>();
            int[] group = new int[battles.size()];
            java.util.List<Key> keys = new java.util.ArrayList<>();
            for (int i = 0; i < battles.size(); i++) {
                Battle battle = battles.get(i).battle();
                if (battle.a() >= models || battle.b() >= models) {
                    throw new IllegalArgumentException("Battle " + battle.a() + " vs " + battle.b()
                            + " names a model beyond the " + models + " given");
                }
                double d = battles.get(i).lengthDifference();
                Key key = battle.a() < battle.b()
                        ? new Key(battle.a(), battle.b(), Double.doubleToLongBits(d + 0.0))
                        : new Key(battle.b(), battle.a(), Double.doubleToLongBits(-d + 0.0));
                Integer existing = index.putIfAbsent(key, keys.size());
                if (existing == null) {
                    group[i] = keys.size();
                    keys.add(key);
                } else {
                    group[i] = existing;
                }
            }
            Groups groups = new Groups(keys.size(), battles.size());
            for (int g = 0; g < keys.size(); g++) {
                groups.a[g] = keys.get(g).a();
                groups.b[g] = keys.get(g).b();
                groups.d[g] = Double.longBitsToDouble(keys.get(g).d());
            }
            for (int i = 0; i < battles.size(); i++) {
                Battle battle = battles.get(i).battle();
                boolean inOrder = battle.a() < battle.b();
                double forA = battle.weight() * battle.outcomeForA();
                double forB = battle.weight() * (1 - battle.outcomeForA());
                groups.groupOfBattle[i] = group[i];
                groups.battleWinsA[i] = inOrder ? forA : forB;
                groups.battleWinsB[i] = inOrder ? forB : forA;
                groups.winsA[group[i]] += groups.battleWinsA[i];
                groups.winsB[group[i]] += groups.battleWinsB[i];
            }
            return groups;
        }
    }

    /** Σ winsA·log σ(z) + winsB·log σ(−z), z = θa − θb + β·d, − L2/2·(Σθ² + β²); β is the last parameter. */
    private record LengthLikelihood(Groups groups, double[] winsA, double[] winsB, int models)
            implements NewtonAscent.Objective {

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
            for (int g = 0; g < groups.size(); g++) {
                if (winsA[g] + winsB[g] > 0) {
                    double z = x[groups.a[g]] - x[groups.b[g]] + x[models] * groups.d[g];
                    value += winsA[g] * NewtonAscent.logSigmoid(z) + winsB[g] * NewtonAscent.logSigmoid(-z);
                }
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
            for (int g = 0; g < groups.size(); g++) {
                double games = winsA[g] + winsB[g];
                if (games == 0) {
                    continue;
                }
                int a = groups.a[g];
                int b = groups.b[g];
                double d = groups.d[g];
                double p = NewtonAscent.sigmoid(x[a] - x[b] + x[beta] * d);
                double surplus = winsA[g] - games * p;
                double curvature = games * p * (1 - p);
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
