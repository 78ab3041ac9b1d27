package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** An abuse signal that fired for a labeler in a campaign, once per signal, with what was done. */
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
}
