package dev.laurel.model;

/** An uploaded model that cannot be used, with the reason in plain words (turned into a 400). */
public class ArtifactRejected extends RuntimeException {
    public ArtifactRejected(String reason) {
        super(reason);
    }
}
