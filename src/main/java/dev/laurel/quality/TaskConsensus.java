package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/**
 * The consensus of an ordinary task as of the last recomputation: the Dawid-Skene answer and its
 * posterior probability, and the majority vote (every answer tied for the most votes).
 */
@Entity
public class TaskConsensus extends PanacheEntity {
    public long taskId;
    public long campaignId;
    public static final String SEPARATOR = "\n"; // labels cannot contain control characters

    public String answer;
    /** The answers tied for the most votes, separated by {@link #SEPARATOR}. */
    public String majority;
    public double confidence;
    public int answers;
    public Instant updatedAt;
}
