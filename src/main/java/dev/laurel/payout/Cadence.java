package dev.laurel.payout;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;

/** How often epochs run and what each gets; one row, set by admins (see {@link EpochCadence}). */
@Entity
@Table(name = "payout_cadence")
public class Cadence extends PanacheEntity {
    public boolean enabled;
    /** ISO-8601 duration of one window: P1D daily, P7D weekly, or any other (PT6H). */
    public String period;
    @Column(precision = 78, scale = 0)
    public BigInteger budget;
    public double minReliability;
    @Column(precision = 78, scale = 0)
    public BigInteger capPerLabeler;
    /** ISO-8601 duration from a window's end to its claim deadline. */
    public String claimPeriod;
    public Instant updatedAt;
}
