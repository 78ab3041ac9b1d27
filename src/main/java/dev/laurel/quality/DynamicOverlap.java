package dev.laurel.quality;

/**
 * How many answers a task should end up with, decided again after every answer: once the consensus
 * is settled (and at least {@code minimum} answers are in) the task takes nobody new — the labelers
 * already holding it may still answer; while it is contested and every slot is answered, one more
 * answer is asked for, up to {@code maximum}.
 */
public final class DynamicOverlap {

    private DynamicOverlap() {
    }

    /**
     * @param current  the task's overlap so far
     * @param accepted answers accepted, including the one just given
     * @param leased   labelers holding the task now
     * @param settled  whether the consensus posterior has reached the campaign's threshold
     * @return the task's new overlap; never below {@code accepted + leased}, so nobody loses a lease
     */
    public static int next(int current, int accepted, int leased, boolean settled, int minimum, int maximum) {
        if (settled && accepted >= minimum) {
            return Math.min(current, accepted + leased);
        }
        if (!settled && accepted + leased >= current && current < maximum) {
            return current + 1;
        }
        return current;
    }
}
