package dev.laurel.game;

import dev.laurel.quality.BetaInterval;

/**
 * Probation of a new labeler: their points are pending until their gold record shows they are
 * reliable. Released once they have answered at least {@code minGold} gold (check) questions and the
 * lower end of the 95 % credible interval of their gold accuracy ({@link BetaInterval}, uniform prior)
 * reaches {@code minAccuracy}; reversed whenever the upper end is below it (the evidence says they are
 * not). In between they stay pending. A labeler answering a two-way choice at random is right half the
 * time, so 0.6 keeps them pending until their wrong answers reverse what they earned, while a labeler
 * right 9 times in 10 is released after about 11 gold answers.
 */
public final class Probation {
    private Probation() {
    }

    public enum Verdict {
        /** Enough evidence that the labeler is reliable: pending points become payable. */
        RELEASE,
        /** Enough evidence that the labeler is not: pending points are reversed. */
        REVERSE,
        /** Not enough evidence either way. */
        PENDING
    }

    /** The verdict on a gold record; {@code minGold} 0 turns probation off (everyone released). */
    public static Verdict judge(long goldSeen, long goldPassed, int minGold, double minAccuracy) {
        if (minGold <= 0) {
            return Verdict.RELEASE;
        }
        BetaInterval accuracy = BetaInterval.of(goldPassed, goldSeen - goldPassed);
        if (goldSeen >= minGold && accuracy.lower() >= minAccuracy) {
            return Verdict.RELEASE;
        }
        return accuracy.upper() < minAccuracy ? Verdict.REVERSE : Verdict.PENDING;
    }

    /**
     * The verdict when pending points cannot wait longer (a labeler who stopped answering before their gold record
     * said either way, {@code laurel.game.probation.decide-after}): released if the mean of the gold accuracy's
     * posterior (uniform prior) reaches {@code minAccuracy}, else reversed, so points never stay pending forever and a
     * labeler without check answers, who proved nothing, is not paid for it.
     */
    public static Verdict decide(long goldSeen, long goldPassed, double minAccuracy) {
        double mean = (goldPassed + 1.0) / (goldSeen + 2.0);
        return mean >= minAccuracy ? Verdict.RELEASE : Verdict.REVERSE;
    }

    /** What a labeler on probation reads: why their points are pending and what releases them. */
    public static String explain(long goldSeen, long goldPassed, int minGold, double minAccuracy) {
        long percent = Math.round(minAccuracy * 100);
        return "Your points are pending until you have answered " + minGold + " check questions with at least "
                + percent + " % right (so far " + goldPassed + " of " + goldSeen + " right; with few answers, a few more"
                + " right ones are needed to be sure). Pending points count for your level now; they are paid in the"
                + " epoch in which they are released, and reversed if your check answers show under " + percent + " % right.";
    }
}
