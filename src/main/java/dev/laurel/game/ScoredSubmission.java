package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** The facts an answer was scored on, kept so a draft rule can be previewed on real answers. */
@Entity
public class ScoredSubmission extends PanacheEntityBase {
    @Id
    public long submissionId;
    public long labelerId;
    public long campaignId;
    public String kind;
    public long durationMs;
    public Boolean goldCorrect;
    public long multiplier;
    public int streakDays;
    public int combo;
    public long earnedToday;
    public Long budgetLeft;
    public Long campaignBasePoints;
    public long campaignBonus;
    public int ruleVersion;
    public long points;
    public Instant acceptedAt;

    PointsFormula.Facts facts() {
        return new PointsFormula.Facts(kind, durationMs, goldCorrect, multiplier, campaignBasePoints, campaignBonus,
                budgetLeft, streakDays, combo, earnedToday);
    }
}
