package dev.laurel.quality;

/**
 * Maps a labeler's 95% accuracy interval to a points/token multiplier in millionths. The multiplier
 * leaves 1.0 only once the evidence excludes the neutral accuracy: a short history (wide interval)
 * neither rewards nor punishes. Above neutral it rises linearly with the interval's lower end, below
 * neutral it falls linearly with the upper end, each clamped at its configured extreme.
 */
public record QualityMultiplier(double neutral, double fullBonusAt, double fullPenaltyAt, double maximum, double minimum) {

    public QualityMultiplier {
        if (!(fullPenaltyAt < neutral && neutral < fullBonusAt)) {
            throw new IllegalArgumentException("Need fullPenaltyAt < neutral < fullBonusAt, got "
                    + fullPenaltyAt + ", " + neutral + ", " + fullBonusAt);
        }
        if (!(minimum >= 0 && minimum <= 1 && maximum >= 1)) {
            throw new IllegalArgumentException("Need 0 <= minimum <= 1 <= maximum, got " + minimum + ", " + maximum);
        }
    }

    static QualityMultiplier of(QualityConfig.Multiplier config) {
        return new QualityMultiplier(config.neutral(), config.fullBonusAt(), config.fullPenaltyAt(),
                config.maximum(), config.minimum());
    }

    /** The multiplier × 10⁶, rounded to the nearest integer. */
    public long millionths(double lower, double upper) {
        double multiplier = 1.0;
        if (lower > neutral) {
            multiplier = 1 + (maximum - 1) * Math.min(1, (lower - neutral) / (fullBonusAt - neutral));
        } else if (upper < neutral) {
            multiplier = 1 - (1 - minimum) * Math.min(1, (neutral - upper) / (neutral - fullPenaltyAt));
        }
        return Math.round(multiplier * 1_000_000);
    }
}
