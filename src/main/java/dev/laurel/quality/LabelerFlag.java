package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * An abuse signal that fired for a labeler in a campaign, once per signal, with what was done ({@link #action}: the
 * configured action, or the one an admin chose on review).
 */
@Entity
public class LabelerFlag extends PanacheEntity {
    public long labelerId;
    public long campaignId;
    @Enumerated(EnumType.STRING)
    public AbuseSignals.Signal signalKind;
    @Enumerated(EnumType.STRING)
    public AbuseSignals.Action action;
    public String reason;
    public Instant createdAt;
    /** Set once an admin reviewed the flag (it leaves the review queue): when, by whom, and what they decided. */
    public Instant reviewedAt;
    public String reviewedBy;
    @Enumerated(EnumType.STRING)
    public FlagReviews.Decision review;
}
