package dev.laurel.quality;

/**
 * Bayesian estimate of a labeler's accuracy: with a Beta(a, b) prior and s correct, f wrong gold
 * answers the posterior is Beta(a + s, b + f) (the conjugate Beta–binomial model, see Gelman et al.,
 * "Bayesian Data Analysis", 3rd ed., §2.4). Reports its mean and the 95% equal-tailed credible
 * interval, whose ends are quantiles found by inverting the regularized incomplete beta function
 * (evaluated by the continued fraction of Press et al., "Numerical Recipes", 3rd ed., §6.4).
 *
 * @param mean  posterior mean {@code (a + s) / (a + b + s + f)}
 * @param lower 2.5% posterior quantile
 * @param upper 97.5% posterior quantile
 */
public record BetaInterval(double mean, double lower, double upper) {

    private static final double TAIL = 0.025;
    /** Stand-in for 0 in the Lentz recurrence, whose divisions must never hit an exact zero. */
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    /** Posterior under the uniform Beta(1, 1) prior. */
    public static BetaInterval of(long successes, long failures) {
        return of(successes, failures, 1, 1);
    }

    public static BetaInterval of(long successes, long failures, double priorA, double priorB) {
        if (successes < 0 || failures < 0) {
            throw new IllegalArgumentException("Counts must not be negative: " + successes + " successes, "
                    + failures + " failures");
        }
        if (!(priorA > 0 && priorB > 0)) {
            throw new IllegalArgumentException("Beta prior parameters must be positive, got " + priorA + ", " + priorB);
        }
        double a = priorA + successes;
        double b = priorB + failures;
        return new BetaInterval(a / (a + b), quantile(TAIL, a, b), quantile(1 - TAIL, a, b));
    }

    /**
     * The x with {@code I_x(a, b) = p}. Bisection rather than Newton: the CDF is monotone, so it
     * cannot diverge, and 50 halvings reach 1e-15, far below any meaningful difference in accuracy.
     */
    static double quantile(double p, double a, double b) {
        double low = 0;
        double high = 1;
        while (high - low > 1e-15) {
            double middle = (low + high) / 2;
            if (regularizedIncompleteBeta(middle, a, b) < p) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    /** {@code I_x(a, b)}, the Beta(a, b) cumulative distribution function at x. */
    static double regularizedIncompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b)
                + a * Math.log(x) + b * Math.log1p(-x));
        // the continued fraction converges fast only left of the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a)
        if (x < (a + 1) / (a + b + 2)) {
            return front * continuedFraction(x, a, b) / a;
        }
        return 1 - front * continuedFraction(1 - x, b, a) / b;
    }

    /** The incomplete beta continued fraction by the modified Lentz method (Numerical Recipes {@code betacf}). */
    private static double continuedFraction(double x, double a, double b) {
        final double epsilon = 1e-15;
        double c = 1;
        double d = 1 / nonZero(1 - (a + b) * x / (a + 1));
        double h = d;
        // needs O(sqrt(max(a, b))) terms, so this bound covers counts far beyond any labeler's history
        for (int m = 1; m <= 1_000_000; m++) {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 / nonZero(1 + even * d);
            c = nonZero(1 + even / c);
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 / nonZero(1 + odd * d);
            c = nonZero(1 + odd / c);
            double step = d * c;
            h *= step;
            if (Math.abs(step - 1) < epsilon) {
                return h;
            }
        }
        throw new ArithmeticException("Incomplete beta did not converge for a=" + a + ", b=" + b + ", x=" + x);
    }

    private static double nonZero(double value) {
        return Math.abs(value) < TINY ? TINY : value;
    }

    /** ln Γ(x) for x &gt; 0 by the Lanczos approximation (g = 7), about 15 significant digits. */
    static double logGamma(double x) {
        if (x < 0.5) {
            // reflection: the series is accurate only for x >= 1/2; Jeffreys-style priors use a = 1/2 and less
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        x -= 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
