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
    /** DJL_ARTIFACT: SHA-256 of the uploaded zip, null until one is accepted. */
    public String artifact;
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
