package dev.laurel.arena;

/**
 * Newton's method for the penalised log-likelihoods fitted in this package.
 *
 * <p>Each of them is strictly concave (the L2 penalty guarantees it), so the negated Hessian is
 * positive definite, a Cholesky solve of the Newton system always succeeds and the maximiser is
 * unique. Plain Newton may still overshoot far from the optimum (a model that won every battle
 * sits far from the starting point), so a step is halved until it does not lower the objective.
 */
final class NewtonAscent {

    /** A smooth, strictly concave function of {@code dimension()} parameters. */
    interface Objective {
        int dimension();

        double value(double[] x);

        /** Writes the gradient into {@code gradient} and minus the Hessian into {@code negatedHessian}. */
        void derivatives(double[] x, double[] gradient, double[][] negatedHessian);
    }

    /**
     * Stop once the Newton decrement (gradient · step, twice the gain a full step predicts) is
     * below this. We test the decrement rather than the step size because along the weakly
     * penalised direction "all strengths up" the step is rounding noise times 1/L2 and may never
     * get small, while the decrement stays accurate.
     */
    private static final double TOLERANCE = 1e-12;
    /** A step counts as "not lowering" unless it loses more than rounding in the sum can explain. */
    private static final double ROUNDING_SLACK = 1e-12;
    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_HALVINGS = 30;

    private NewtonAscent() {
    }

    /** The maximiser of {@code objective}, starting from all zeros. */
    static double[] maximize(Objective objective) {
        return maximize(objective, new double[objective.dimension()]);
    }

    /** The maximiser of {@code objective}, starting from {@code start} (a nearby optimum saves steps). */
    static double[] maximize(Objective objective, double[] start) {
        int n = objective.dimension();
        double[] x = start.clone();
        double[] gradient = new double[n];
        double[][] negatedHessian = new double[n][n];
        double value = objective.value(x);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            objective.derivatives(x, gradient, negatedHessian);
            double[] step = solvePositiveDefinite(negatedHessian, gradient);
            if (dot(gradient, step) < TOLERANCE) {
                return plus(x, step, 1);
            }
            double floor = value - ROUNDING_SLACK * (1 + Math.abs(value));
            double scale = 1;
            double[] next = plus(x, step, scale);
            double nextValue = objective.value(next);
            for (int halving = 0; nextValue < floor && halving < MAX_HALVINGS; halving++) {
                scale /= 2;
                next = plus(x, step, scale);
                nextValue = objective.value(next);
            }
            x = next;
            value = nextValue;
        }
        return x;
    }

    /** Solves {@code a·x = b} for symmetric positive definite {@code a}; overwrites {@code a} with its Cholesky factor. */
    static double[] solvePositiveDefinite(double[][] a, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double diagonal = a[j][j];
            for (int k = 0; k < j; k++) {
                diagonal -= a[j][k] * a[j][k];
            }
            if (!(diagonal > 0)) {
                throw new ArithmeticException("matrix is not positive definite");
            }
            a[j][j] = Math.sqrt(diagonal);
            for (int i = j + 1; i < n; i++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= a[i][k] * a[j][k];
                }
                a[i][j] = sum / a[j][j];
            }
        }
        double[] x = b.clone();
        for (int i = 0; i < n; i++) {          // L·y = b
            for (int k = 0; k < i; k++) {
                x[i] -= a[i][k] * x[k];
            }
            x[i] /= a[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {     // Lᵀ·x = y
            for (int k = i + 1; k < n; k++) {
                x[i] -= a[k][i] * x[k];
            }
            x[i] /= a[i][i];
        }
        return x;
    }

    /** log(1 / (1 + e^-z)) without overflow for large |z|. */
    static double logSigmoid(double z) {
        return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] plus(double[] x, double[] step, double scale) {
        double[] sum = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sum[i] = x[i] + scale * step[i];
        }
        return sum;
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }
}
