package dev.laurel.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The abuse signals and when they fire, from one labeler's counters in one campaign. Each signal
 * carries a sentence the labeler can read. Thresholds are deliberately conservative: an honest
 * labeler should almost never be flagged (the crowd test holds it under 5%).
 */
public final class AbuseSignals {

    public enum Signal {
        TOO_FAST, POSITION_BIAS, TOO_MANY_SKIPS, GOLD_FAILURES,
        /**
         * Raised by the recompute from everyone's answers ({@link Collusion}), not from one labeler's counters:
         * agreement far beyond what accuracy explains (one answer stream behind several accounts).
         */
        COLLUSION,
        /**
         * Answering in lockstep with others ({@link Collusion.Pair#isLockstep()}), without the agreement evidence: timing
         * alone can be a shared office or a queue, so its action should stay WARN.
         */
        LOCKSTEP;

        /** The configuration key of its action, e.g. {@code position-bias}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** What a signal does to the labeler in that campaign. */
    public enum Action {
        WARN, DROP, SUSPEND
    }

    public record Flag(Signal signal, String reason) {
    }

    /** One labeler's counters in one campaign. */
    public record Counters(long answers, long fastAnswers, long minAnswerMs, long leftAnswers, long rightAnswers,
                           long skips, long goldSeen, long goldCorrect) {
    }

    /** Thresholds; see {@link QualityConfig}. */
    public record Thresholds(double fastShare, int positionBiasMinimum, double positionBiasPValue, double skipShare,
                             int goldFailureMinimum, double goldFailureAccuracy) {
        static Thresholds of(QualityConfig config) {
            return new Thresholds(config.fastShare(), config.positionBiasMinimum(), config.positionBiasPValue(),
                    config.skipShare(), config.goldFailureMinimum(), config.goldFailureAccuracy());
        }
    }

    /** Counters below this many answers (or tasks seen) say too little for the share-based signals. */
    static final int MINIMUM_SAMPLE = 10;

    private AbuseSignals() {
    }

    public static List<Flag> evaluate(Counters c, Thresholds t) {
        List<Flag> flags = new ArrayList<>();
        if (c.minAnswerMs() > 0 && c.answers() >= MINIMUM_SAMPLE && c.fastAnswers() > t.fastShare() * c.answers()) {
            flags.add(new Flag(Signal.TOO_FAST, String.format(Locale.ROOT,
                    "%d of your %d answers took less than the campaign's minimum of %.1f seconds.",
                    c.fastAnswers(), c.answers(), c.minAnswerMs() / 1000.0)));
        }
        long sided = c.leftAnswers() + c.rightAnswers();
        if (sided >= t.positionBiasMinimum()) {
            double p = BinomialTest.twoSidedHalf(c.leftAnswers(), sided);
            if (p < t.positionBiasPValue()) {
                boolean left = c.leftAnswers() > c.rightAnswers();
                flags.add(new Flag(Signal.POSITION_BIAS, String.format(Locale.ROOT,
                        "You picked the %s reply in %d of %d answers; replies are placed at random, so this happens "
                                + "by chance with probability %.1g.",
                        left ? "left" : "right", Math.max(c.leftAnswers(), c.rightAnswers()), sided, p)));
            }
        }
        long seen = c.answers() + c.skips();
        if (seen >= MINIMUM_SAMPLE && c.skips() > t.skipShare() * seen) {
            flags.add(new Flag(Signal.TOO_MANY_SKIPS, String.format(Locale.ROOT,
                    "You skipped %d of the %d tasks you were given.", c.skips(), seen)));
        }
        if (c.goldSeen() >= t.goldFailureMinimum()) {
            BetaInterval interval = BetaInterval.of(c.goldCorrect(), c.goldSeen() - c.goldCorrect());
            if (interval.upper() < t.goldFailureAccuracy()) {
                flags.add(new Flag(Signal.GOLD_FAILURES, String.format(Locale.ROOT,
                        "You answered %d of %d check questions correctly; at least %.0f%% is expected.",
                        c.goldCorrect(), c.goldSeen(), 100 * t.goldFailureAccuracy())));
            }
        }
        return flags;
    }
}
