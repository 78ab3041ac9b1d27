package dev.laurel.task;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * An accepted answer. Pairwise: {@code choice} is as the labeler saw it; the preferred generation
 * makes it side-free. Every kind: {@code answer} is the validated answer as JSON (see
 * {@link AnswerSchemas}), naming generations by id so that it does not depend on display order.
 */
@Entity
public class Submission extends PanacheEntity {
    public long taskId;
    public long labelerId;
    @Enumerated(EnumType.STRING)
    public Choice choice;
    public Long preferredGenerationId;
    public String reason;
    public String answer;
    public long durationMs;
    public Instant createdAt;
}
