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
    /** Comma-separated {@link ApiScope} ids, e.g. {@code read,label}. */
    public String scopes;
    public Instant expiresAt;
    /** Written at most once a minute per token (see Accounts#touch). */
    public Instant lastUsedAt;
    public Instant revokedAt;

    public boolean isRevoked() {
        return revokedAt != null;
    }

    public boolean isExpired() {
        return !Instant.now().isBefore(expiresAt);
    }

    public java.util.List<String> scopeList() {
        return ApiScope.parse(scopes).stream().sorted().map(ApiScope::id).toList();
    }
}
