package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A trained reward model: version {@code version} of its team's models; at most one per team is active. */
@Entity
@Table(name = "reward_model")
public class RewardModel extends PanacheEntity {
    public long teamId;
    public long jobId;
    public int version;
    /** The content hash naming its directory in the artifact store. */
    public String artifact;
    public String dataHash;
    public Double validationAccuracy;
    public boolean active;
    public Instant createdAt;
}
