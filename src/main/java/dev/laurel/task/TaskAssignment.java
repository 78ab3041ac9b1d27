package dev.laurel.task;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** A task given to one labeler; unique per (task, labeler), so nobody ever gets the same task twice. */
@Entity
public class TaskAssignment extends PanacheEntity {
    public long taskId;
    public long labelerId;
    @Enumerated(EnumType.STRING)
    public Status status;
    public Instant leasedAt;
    public Instant expiresAt;
    public Instant finishedAt;

    public enum Status {
        LEASED, SUBMITTED, SKIPPED, EXPIRED
    }
}
