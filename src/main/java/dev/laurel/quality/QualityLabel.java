package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** An accepted answer as quality received it; {@code dropped} once its labeler's answers leave consensus. */
@Entity
public class QualityLabel extends PanacheEntity {
    public long submissionId;
    public long taskId;
    public long campaignId;
    public long labelerId;
    public String kind;
    public String answer;
    public Boolean goldCorrect;
    public long durationMs;
    public Instant acceptedAt;
    public boolean dropped;
}
