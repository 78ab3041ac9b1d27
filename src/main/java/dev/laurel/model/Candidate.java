package dev.laurel.model;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** A model a team wants judged. Its name is never shown to labelers. */
@Entity
public class Candidate extends PanacheEntity {
    public long teamId;
    public String name;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public Instant createdAt;

    /** How a candidate's replies come to exist. */
    public enum Kind {
        /** The team uploads replies it generated elsewhere, keyed by prompt id. */
        UPLOADED_OUTPUTS
    }
}
