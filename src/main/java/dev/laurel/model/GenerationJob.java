package dev.laurel.model;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** One candidate answering one campaign's prompts; counters move with each stored batch. */
@Entity
public class GenerationJob extends PanacheEntity {
    public long campaignId;
    public long candidateId;
    public int promptsTotal;
    public int generated;
    public int failed;
    public long tokens;
    /** Time spent generating (not waiting in the queue), for tokens per second. */
    public long busyMillis;
    public String lastError;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant finishedAt;
}
