package dev.laurel.task;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/**
 * One comparison to be answered {@code overlap} times. Which reply shows on the left was drawn at
 * random when the task was made. The two counters live on the task row itself so that the row lock
 * taken when leasing serializes every change to them (see {@link TaskQueue}).
 */
@Entity
public class Task extends PanacheEntity {
    public long campaignId;
    public long promptId;
    public long leftGenerationId;
    public long rightGenerationId;
    public int overlap;
    public int priority;
    public int acceptedCount;
    public int leasedCount;
    public Instant createdAt;

    public boolean isComplete() {
        return acceptedCount >= overlap;
    }
}
