package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/**
 * One browser's login (see {@link LoginSessions}): only the SHA-256 of the cookie's secret is stored, so a copy of
 * this table logs no one in.
 */
@Entity
public class LoginSession extends PanacheEntity {
    public long userId;
    public String tokenHash;
    public Instant createdAt;
    /** Written at most once a minute or so per session: see {@link LoginSessions}. */
    public Instant lastSeenAt;
    public Instant revokedAt;
    /** What the browser called itself when it logged in, so a person can tell their sessions apart. */
    public String userAgent;
}
