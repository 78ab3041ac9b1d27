package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A task given back unanswered, with the labeler's reason if they gave one. */
@Entity
public class TaskSkip extends PanacheEntity {
    public long taskId;
    public long campaignId;
    public long labelerId;
    public String reason;
    public Instant createdAt;
}
