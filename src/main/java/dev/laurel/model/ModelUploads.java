package dev.laurel.model;

import dev.laurel.platform.ReceivedFiles;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Model zips as received, waiting for a worker to validate them: {@code <store>/uploads/<sha256>.zip}. The
 * web process streams a request body here — never whole in memory, the size limit counted while copying
 * ({@link ReceivedFiles}) — and never opens it: unpacking and loading are the worker's
 * ({@link ModelArtifacts#validate}). No DJL here, so a web-role process that receives uploads loads no model code.
 */
public final class ModelUploads {
    static final String DIRECTORY = "uploads";

    private final ReceivedFiles files;

    public ModelUploads(Path store, long maxBytes) {
        this.files = new ReceivedFiles(store.resolve(DIRECTORY), ".zip", maxBytes,
                "The model zip is larger than the limit of " + maxBytes
                        + " bytes; leave out optimizer state or use a smaller model (laurel.models.max-artifact-bytes).",
                "The upload is empty; send the model zip as the request body (Content-Type: application/zip).");
    }

    /**
     * Copies the body into the store and returns the SHA-256 of its bytes. More than the limit: 413, and the
     * partial file is deleted. The file appears under its final name whole (a rename), or not at all.
     */
    public String receive(InputStream body) {
        return files.receive(body);
    }

    /** Where an upload is kept until validated. */
    public Path zip(String sha) {
        return files.file(sha);
    }

    public boolean exists(String sha) {
        return files.exists(sha);
    }

    /** Deletes an upload that is validated (or rejected) and that no candidate waits on. */
    public void discard(String sha) {
        files.discard(sha);
    }
}
