package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A labeler's reliability across campaigns: evidence counts and what {@link Reliability} answers. */
@Entity
public class LabelerQuality extends PanacheEntity {
    public long labelerId;
    public long goldSeen;
    public long goldCorrect;
    public long agreed;
    public long compared;
    public Double dsAccuracy;
    public double accuracy;
    public double lowerBound;
    public double upperBound;
    public long multiplier;
    public Instant updatedAt;
}
