package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A single-use invite code for registration mode {@code invite}: only its SHA-256 is stored. */
@Entity
public class Invite extends PanacheEntity {
    public String codeHash;
    /** The first characters of the code, so an admin can tell invites apart. */
    public String prefix;
    public String note;
    public long createdBy;
    public Instant createdAt;
    public Instant expiresAt;
    public Instant usedAt;
    public Long usedBy;
    public Instant revokedAt;

    /** unused, used, revoked or expired. */
    public String state() {
        if (usedAt != null) {
            return "used";
        }
        if (revokedAt != null) {
            return "revoked";
        }
        return Instant.now().isBefore(expiresAt) ? "unused" : "expired";
    }
}
