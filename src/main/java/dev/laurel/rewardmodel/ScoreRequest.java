package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * A batch of (prompt, reply) items to score with a reward model, written by the web and scored by a worker-role
 * process ({@link ScoreRequests}); the rows with status WAITING are the workers' queue. Its items are rows of
 * {@code score_request_item}.
 */
@Entity
public class ScoreRequest extends PanacheEntity {
    public long modelId;
    public long requestedBy;
    public int itemCount;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Once DONE: the rewards as a JSON array, in the items' order. */
    public String rewards;
    /** Once FAILED: why, in words its team can act on. */
    public String reason;
    public Instant claimedAt;
    public int attempts;
    public Instant createdAt;
    public Instant finishedAt;

    public enum Status {
        /** Written; a worker has yet to score it. */
        WAITING,
        /** Scored: {@link #rewards}. */
        DONE,
        /** It could not be scored; {@link #reason} says why. */
        FAILED
    }
}
