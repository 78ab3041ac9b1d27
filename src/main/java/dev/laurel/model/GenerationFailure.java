package dev.laurel.model;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A prompt a candidate could not answer (after retries); the prompt then goes on without that reply. */
@Entity
public class GenerationFailure extends PanacheEntity {
    public long candidateId;
    public long promptId;
    public String error;
    public Instant createdAt;
}
