package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;

/** A request to train a reward model on a stored data set; the rows with status QUEUED are the worker's queue. */
@Entity
@Table(name = "reward_model_job")
public class TrainingJob extends PanacheEntity {
    public long teamId;
    public long createdBy;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String dataHash;
    public int pairCount;
    /** {@link RewardHeadTrainer.Settings} as JSON. */
    public String settings;
    /** How many times a worker started it; a job interrupted too often fails instead of looping. */
    public int attempts;
    public String worker;
    public Instant heartbeatAt;
    public Instant createdAt;
    public Instant startedAt;
    public Instant finishedAt;
    public String error;
    public Long modelId;
    /** The uploaded {@link TextScorer} this job fine-tunes; null for a reward head on frozen embeddings. */
    public String baseArtifact;

    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED
    }
}
