package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** An API token: only its SHA-256 is stored; the token itself is shown once, when created. */
@Entity
public class ApiToken extends PanacheEntity {
    public long userId;
    public String name;
    public String tokenHash;
    /** The first characters of the token, so a person can tell their tokens apart. */
    public String prefix;
    public Instant createdAt;
    public Instant lastUsedAt;
    public Instant revokedAt;

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
