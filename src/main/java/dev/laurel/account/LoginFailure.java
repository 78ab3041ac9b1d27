package dev.laurel.account;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One failed sign-in (see {@link LoginThrottle}). */
@Entity
@Table(name = "login_failure")
public class LoginFailure extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** The username as typed, lower-cased: unknown usernames are throttled like real ones. */
    public String username;
    public String clientAddress;
    public Instant attemptedAt;
    /** When a successful sign-in to the account started its count over; the row still counts for the address. */
    public Instant clearedAt;
}
