package dev.laurel.quality;

/**
 * Exact two-sided binomial test of {@code successes} in {@code trials} against p = 1/2: the
 * probability, under fair coin flips, of an outcome at least as far from trials/2 as the one seen.
 * Computed in log space, so thousands of trials neither overflow nor underflow to a wrong answer.
 */
public final class BinomialTest {

    private BinomialTest() {
    }

    public static double twoSidedHalf(long successes, long trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("Need 0 <= successes <= trials, got " + successes + " of " + trials);
        }
        if (trials == 0) {
            return 1;
        }
        long extreme = Math.min(successes, trials - successes);
        // by symmetry the two tails are equal; the lower tail is P(X <= extreme)
        double lowerTail = 0;
        double logHalfPower = trials * Math.log(0.5);
        for (long k = 0; k <= extreme; k++) {
            lowerTail += Math.exp(logChoose(trials, k) + logHalfPower);
        }
        return Math.min(1, 2 * lowerTail);
    }

    private static double logChoose(long n, long k) {
        return BetaInterval.logGamma(n + 1.0) - BetaInterval.logGamma(k + 1.0) - BetaInterval.logGamma(n - k + 1.0);
    }
}
