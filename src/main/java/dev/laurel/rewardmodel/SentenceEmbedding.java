package dev.laurel.rewardmodel;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A cached sentence embedding, keyed by encoder name and the SHA-256 of the text (never the text itself). */
@Entity
@Table(name = "sentence_embedding")
public class SentenceEmbedding extends PanacheEntityBase {
    @Id
    public String textKey;
    /** Little-endian float32 values. */
    public byte[] vector;
    public Instant createdAt;
}
