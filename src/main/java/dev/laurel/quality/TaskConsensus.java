package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** The consensus answer of an ordinary task and its posterior probability, as of the last recomputation. */
@Entity
public class TaskConsensus extends PanacheEntity {
    public long taskId;
    public long campaignId;
    public String answer;
    public double confidence;
    public int answers;
    public Instant updatedAt;
}
