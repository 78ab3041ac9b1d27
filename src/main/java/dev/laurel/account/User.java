package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import io.quarkus.security.jpa.Password;
import io.quarkus.security.jpa.Roles;
import io.quarkus.security.jpa.UserDefinition;
import io.quarkus.security.jpa.Username;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who logs in. Passwords are bcrypt hashes (security-jpa's default MCF format). */
@Entity
@Table(name = "app_user")
@UserDefinition
public class User extends PanacheEntity {
    @Username
    public String username;
    @Password
    public String passwordHash;
    @Roles
    public String role;
    /** Set for modelers only. */
    public Long teamId;
    public Instant createdAt;
    /** Set by an admin: the user can neither log in nor use an API token, and their sessions are ended. */
    public boolean disabled;

    public static User findByUsername(String username) {
        return find("username", username).firstResult();
    }
}
