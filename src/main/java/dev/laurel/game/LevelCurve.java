package dev.laurel.game;

/**
 * Levels from points, as Open-Assistant's leaderboard: the points needed to reach level i are
 * {@code round(sum over k = 1..i of (k * alpha + baseline))}, defaults alpha = 1.1521 and
 * baseline = 3, so each level costs a little more than the one before. Pure, no I/O.
 */
public final class LevelCurve {
    private final long[] thresholds;

    public LevelCurve(double alpha, double baseline, int maxLevel) {
        if (maxLevel < 1 || alpha < 0 || baseline <= 0) {
            throw new IllegalArgumentException("maxLevel >= 1, alpha >= 0, baseline > 0");
        }
        thresholds = new long[maxLevel + 1];
        double sum = 0;
        for (int level = 1; level <= maxLevel; level++) {
            sum += level * alpha + baseline;
            thresholds[level] = Math.round(sum);
        }
    }

    public static LevelCurve openAssistant() {
        return new LevelCurve(1.1521, 3, 100);
    }

    /** Points needed to reach {@code level} (level 0 needs none). */
    public long threshold(int level) {
        return thresholds[Math.min(Math.max(level, 0), maxLevel())];
    }

    public int maxLevel() {
        return thresholds.length - 1;
    }

    /** The highest level whose threshold the points reach. */
    public int levelOf(long points) {
        int low = 0;
        int high = maxLevel();
        while (low < high) { // thresholds ascend: binary search for the last one <= points
            int mid = (low + high + 1) >>> 1;
            if (thresholds[mid] <= points) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
