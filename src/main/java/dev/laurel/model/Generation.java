package dev.laurel.model;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** One candidate's reply to one prompt. */
@Entity
public class Generation extends PanacheEntity {
    public long candidateId;
    public long promptId;
    public String text;
    public Instant createdAt;
    /** Tokens generated, when Laurel generated the reply. */
    public Integer tokens;
}
