package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One version of the points formula. Versions are never edited: a change is a new version with its
 * own effective-from time, so a submission is always scored by the rule in force when it was made.
 */
@Entity
public class RewardRule extends PanacheEntity {
    public int version;
    public Instant effectiveFrom;
    /** Points for an accepted answer of a kind {@link #kindPoints} does not name. */
    public long basePoints;
    /** Points per task kind, "RANKING=15,RUBRIC=20"; kinds not named earn {@link #basePoints}. */
    public String kindPoints;
    /** Answers faster than this earn nothing (too fast to have read both replies). */
    public long minMillisPerTask;
    /** Most points a labeler can earn in one UTC day (quest rewards are not capped). */
    public long dailyCap;
    /** Whether the base points are multiplied by the labeler's reliability multiplier. */
    public boolean qualityMultiplier;
    public long goldBonus;
    /** Points taken for a failed gold answer (which earns nothing else). */
    public long goldPenalty;
    public int streakMinDays;
    /** Extra points per answer while the labeler's streak is at least {@link #streakMinDays}. */
    public long streakBonus;
    /** Every comboSize-th answer in one session earns {@link #comboBonus}. */
    public int comboSize;
    public long comboBonus;
    /** A pause longer than this ends a session (and its combo). */
    public int comboGapSeconds;
    public String note;
    public String createdBy;
    public Instant createdAt;

    /** The rule in force at a moment: the newest version whose effective-from time has come. */
    public static RewardRule inForceAt(Instant moment) {
        return find("effectiveFrom <= ?1 order by effectiveFrom desc, version desc", moment).firstResult();
    }

    public PointsFormula.Terms terms() {
        return new PointsFormula.Terms(version, basePoints, parseKindPoints(kindPoints), minMillisPerTask, dailyCap,
                qualityMultiplier, goldBonus, goldPenalty, streakMinDays, streakBonus, comboSize, comboBonus);
    }

    /** Reads "RANKING=15, RUBRIC=20"; throws IllegalArgumentException with a readable sentence. */
    public static Map<String, Long> parseKindPoints(String text) {
        Map<String, Long> points = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return points;
        }
        for (String pair : text.split(",")) {
            String[] parts = pair.split("=");
            if (parts.length != 2 || !parts[0].strip().matches("[A-Za-z_]{1,32}")) {
                throw new IllegalArgumentException("Points per kind are written KIND=points, separated by commas, e.g. RANKING=15,RUBRIC=20.");
            }
            long value;
            try {
                value = Long.parseLong(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[1].strip() + "' is not a whole number of points.");
            }
            if (value < 0) {
                throw new IllegalArgumentException("Points per kind cannot be negative.");
            }
            points.put(parts[0].strip().toUpperCase(Locale.ROOT), value);
        }
        return points;
    }

    static String formatKindPoints(Map<String, Long> points) {
        return points.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    public String describe() {
        return "v" + version + ": " + basePoints + " points an answer"
                + (kindPoints == null || kindPoints.isBlank() ? "" : " (" + kindPoints + ")")
                + ", none under " + minMillisPerTask + " ms, at most " + dailyCap + " a day"
                + (qualityMultiplier ? ", times the quality multiplier" : "")
                + ", gold +" + goldBonus + "/-" + goldPenalty
                + ", streak +" + streakBonus + " from day " + streakMinDays
                + ", combo +" + comboBonus + " every " + comboSize + " (gap " + comboGapSeconds + " s)"
                + ", from " + effectiveFrom;
    }
}
