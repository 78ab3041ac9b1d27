package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * A full scorer a model team uploaded: its parameters wait in the store until a worker has loaded them
 * ({@link ScorerValidation}); the rows with status VALIDATING are the workers' queue.
 */
@Entity
public class ScorerUpload extends PanacheEntity {
    public long teamId;
    public long createdBy;
    /** SHA-256 of the parameters as received (the file under the store's uploads/). */
    public String uploadSha;
    public int maxBytes;
    public int embeddingSize;
    public int channels;
    public int hiddenSize;
    @Enumerated(EnumType.STRING)
    public Status status;
    /** Why it was rejected, in words its team can act on. */
    public String reason;
    /** The stored scorer, once READY: what {@code jobs?base=} names. */
    public String artifact;
    public Instant claimedAt;
    public int attempts;
    public Instant createdAt;

    public enum Status {
        /** Received; a worker has yet to load it. */
        VALIDATING,
        /** Loaded and scored once: {@link #artifact} may be fine-tuned. */
        READY,
        /** It could not be used; {@link #reason} says why. */
        REJECTED
    }

    public TextScorer.Architecture architecture() {
        return new TextScorer.Architecture(maxBytes, embeddingSize, channels, hiddenSize);
    }
}
