package dev.laurel.model;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/** A model a team wants judged. Its name is never shown to labelers. */
@Entity
public class Candidate extends PanacheEntity {
    public long teamId;
    public String name;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public Instant createdAt;
    /**
     * Null for a model. "human" or "unknown" for the replies imported answers were about that no registered
     * model gave (see {@link Candidates#replySource}): they are judged like any reply but stay off the model
     * leaderboard.
     */
    public String replySource;
    /** DJL_ARTIFACT: SHA-256 of the zip a worker validated (the model generation uses), null until one is READY. */
    public String artifact;
    /** DJL_ARTIFACT: where the latest upload is; null before the first. */
    @Enumerated(EnumType.STRING)
    public ArtifactStatus artifactStatus;
    /** DJL_ARTIFACT: why the latest upload was REJECTED, in plain words. */
    public String artifactReason;
    /** DJL_ARTIFACT: SHA-256 of the latest upload (VALIDATING, or the last one READY or REJECTED). */
    public String artifactUpload;
    /** When a worker took the validation on (a stale claim is taken over), and how many times one did. */
    public java.time.Instant artifactClaimedAt;
    public int artifactAttempts;
    /** DJL_ARTIFACT: the manifest's kind (text-generation or text-scoring). */
    public String modelTask;
    /** Sampling settings as JSON ({@link Sampling}). */
    public String sampling;
    /** OPENAI_COMPATIBLE: base URL (…/v1), model name and API key (AES-GCM, base64). */
    public String endpointUrl;
    public String endpointModel;
    public String endpointKey;

    /** Whether Laurel generates this candidate's replies (rather than the team uploading them). */
    public boolean isGenerating() {
        return kind != Kind.UPLOADED_OUTPUTS;
    }

    /** An uploaded model zip's way: stored by the web process, then loaded and tried by a worker. */
    public enum ArtifactStatus {
        /** Stored; a worker has yet to load it and run a forward pass. */
        VALIDATING,
        /** A worker loaded it and ran a forward pass: it is the candidate's model. */
        READY,
        /** It cannot be used; {@code artifactReason} says why. The previous READY model, if any, stays in use. */
        REJECTED
    }

    /** How a candidate's replies come to exist. */
    public enum Kind {
        /** The team uploads replies it generated elsewhere, keyed by prompt id. */
        UPLOADED_OUTPUTS,
        /** A model zip (TorchScript, ONNX or a char-lstm) run by Laurel's workers with DJL. */
        DJL_ARTIFACT,
        /** A chat-completions endpoint speaking the OpenAI API. */
        OPENAI_COMPATIBLE
    }
}
