package dev.laurel.platform;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** One admin action: who did what to whom (a user, a team, a flagged labeler), when, and what it changed. */
@Entity
public class AuditEntry extends PanacheEntity {
    public String actor;
    public Instant at;
    /** What was done, e.g. {@code user.role-changed}, {@code flag.dropped}. */
    public String action;
    /** Whom or what it was done to, e.g. {@code user ada}, {@code team Acme}. */
    public String subject;
    /** What changed, as a sentence. */
    public String detail;
}
