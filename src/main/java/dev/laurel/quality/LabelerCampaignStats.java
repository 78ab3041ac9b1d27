package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** One labeler's running counters in one campaign, kept incrementally: the abuse signals read them. */
@Entity
public class LabelerCampaignStats extends PanacheEntity {
    public long campaignId;
    public long labelerId;
    public long answers;
    public long goldSeen;
    public long goldCorrect;
    public long leftAnswers;
    public long rightAnswers;
    public long fastAnswers;
    public long skips;
    public long totalDurationMs;
    public long agreed;
    public long compared;
    public boolean dropped;
    public boolean suspended;
    public Instant updatedAt;
}
