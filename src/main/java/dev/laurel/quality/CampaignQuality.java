package dev.laurel.quality;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A campaign's quality settings (defaults from {@link QualityConfig}) and its last agreement figures. */
@Entity
public class CampaignQuality extends PanacheEntity {
    public long campaignId;
    public double goldRate;
    public double honeypotRate;
    public double consensusThreshold;
    /** Most answers a contested task may get; equal to the campaign's overlap turns dynamic overlap off. */
    public int maxOverlap;
    /** Lowest reliability (the posterior mean accuracy the labeler is shown) allowed to label; 0 admits everyone. */
    public double minReliability;
    /** Gold answers a labeler must give in this campaign before ordinary tasks; 0: no qualification. */
    public int qualificationGold;
    /** Share of those qualification answers that must be right. */
    public double qualificationAccuracy;
    /** Answers faster than this count toward the too-fast signal; 0 disables it. */
    public long minAnswerMs;
    public Double alpha;
    public int alphaItems;
    public Instant recomputedAt;
}
