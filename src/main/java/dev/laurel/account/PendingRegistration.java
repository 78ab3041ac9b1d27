package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/**
 * A registration waiting for an admin (mode {@code approval}). It is not a {@link User}, so it cannot log in;
 * approving it creates the user, rejecting it deletes it.
 */
@Entity
public class PendingRegistration extends PanacheEntity {
    public String username;
    public String passwordHash;
    public Instant requestedAt;
}
