package dev.laurel.campaign;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;

/** One prompt of a campaign's prompt set; {@code externalId} is the model team's own id for it. */
@Entity
public class Prompt extends PanacheEntity {
    public long campaignId;
    public String externalId;
    public String text;
}
