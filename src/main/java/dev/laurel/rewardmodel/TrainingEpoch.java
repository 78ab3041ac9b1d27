package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** One epoch's metrics of a training job; validation fields are null without a validation set. */
@Entity
@Table(name = "reward_model_epoch")
public class TrainingEpoch extends PanacheEntity {
    public long jobId;
    public int epoch;
    public double trainLoss;
    public double trainAccuracy;
    public double trainMargin;
    public Double validationLoss;
    public Double validationAccuracy;
    public Double validationMargin;
    public Instant createdAt;
}
