package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The reward a model version gave a generation when it was produced. Campaign, candidate and prompt
 * are copied from the event, so a campaign's scores are read without the model feature's tables.
 */
@Entity
@Table(name = "generation_reward")
public class GenerationReward extends PanacheEntity {
    public long generationId;
    public long modelId;
    public double reward;
    public Instant scoredAt;
    public Long campaignId;
    public Long candidateId;
    public Long promptId;
}
