package dev.laurel.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** Counters kept up to date by the submissions consumer (eventually consistent with the task table). */
@Entity
public class CampaignProgress extends PanacheEntityBase {
    @Id
    public long campaignId;
    public long tasksTotal;
    public long answersRequired;
    public long answersAccepted;
    public long tasksCompleted;
    public Instant updatedAt;
}
