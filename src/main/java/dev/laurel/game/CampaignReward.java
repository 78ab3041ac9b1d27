package dev.laurel.game;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/**
 * A campaign's own reward terms: base points instead of the rule's, and a pool of extra points paid
 * out {@link #bonusPerAnswer} at a time until {@link #budgetLeft} reaches exactly zero.
 */
@Entity
public class CampaignReward extends PanacheEntityBase {
    @Id
    public long campaignId;
    public Long basePoints;
    public long bonusPerAnswer;
    public long budgetTotal;
    public long budgetLeft;
    public String updatedBy;
    public Instant updatedAt;

    public String describe() {
        return "campaign " + campaignId + ": " + (basePoints == null ? "rule's base points" : basePoints + " points an answer")
                + ", bonus " + bonusPerAnswer + " an answer from a pool of " + budgetTotal + " (" + budgetLeft + " left)";
    }
}
