package dev.laurel.task;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** An accepted answer. {@code choice} is as the labeler saw it; the preferred generation makes it side-free. */
@Entity
public class Submission extends PanacheEntity {
    public long taskId;
    public long labelerId;
    @Enumerated(EnumType.STRING)
    public Choice choice;
    public Long preferredGenerationId;
    public String reason;
    public long durationMs;
    public Instant createdAt;
}
