package dev.laurel.rewardmodel;

/**
 * Wilson (1927) score interval for a binomial proportion such as held-out accuracy; unlike the
 * normal approximation it stays inside [0, 1] and behaves at small n.
 */
public record WilsonInterval(double estimate, double lower, double upper, int trials) {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public static WilsonInterval of(int successes, int trials) {
        return of(successes, trials, Z95);
    }

    public static WilsonInterval of(int successes, int trials, double z) {
        if (trials <= 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes in " + trials + " trials");
        }
        double p = (double) successes / trials;
        double z2 = z * z;
        double denominator = 1 + z2 / trials;
        double centre = (p + z2 / (2.0 * trials)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials)) / denominator;
        return new WilsonInterval(p, Math.max(0, centre - half), Math.min(1, centre + half), trials);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f] (n = %d)", estimate, lower, upper, trials);
    }
}
