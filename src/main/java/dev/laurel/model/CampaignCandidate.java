package dev.laurel.model;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A generating candidate entered into a campaign: Laurel generates its replies to every prompt. */
@Entity
public class CampaignCandidate extends PanacheEntity {
    public long campaignId;
    public long candidateId;
    public Instant createdAt;
}
