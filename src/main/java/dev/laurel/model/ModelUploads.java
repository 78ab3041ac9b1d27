package dev.laurel.model;

import dev.laurel.platform.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Model zips as received, waiting for a worker to validate them: {@code <store>/uploads/<sha256>.zip}. The
 * web process streams a request body here — never whole in memory, the size limit counted while copying —
 * and never opens it: unpacking and loading are the worker's ({@link ModelArtifacts#validate}). No DJL here,
 * so a web-role process that receives uploads loads no model code.
 */
public final class ModelUploads {
    static final String DIRECTORY = "uploads";
    private static final int BUFFER = 64 * 1024;

    private final Path directory;
    private final long maxBytes;

    public ModelUploads(Path store, long maxBytes) {
        this.directory = store.resolve(DIRECTORY);
        this.maxBytes = maxBytes;
    }

    /**
     * Copies the body into the store and returns the SHA-256 of its bytes. More than the limit: 413, and the
     * partial file is deleted. The file appears under its final name whole (a rename), or not at all.
     */
    public String receive(InputStream body) {
        Path part = null;
        try (InputStream in = body) {
            Files.createDirectories(directory);
            part = directory.resolve("incoming-" + UUID.randomUUID() + ".part");
            MessageDigest digest = sha256();
            long total = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    total += read;
                    if (total > maxBytes) {
                        throw Problem.tooLarge("The model zip is larger than the limit of " + maxBytes
                                + " bytes; leave out optimizer state or use a smaller model (laurel.models.max-artifact-bytes).");
                    }
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            if (total == 0) {
                throw Problem.badRequest("The upload is empty; send the model zip as the request body (Content-Type: application/zip).");
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            // the same bytes uploaded again (or at once by two requests) replace an identical file
            Files.move(part, zip(sha), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            return sha;
        } catch (IOException e) {
            throw Problem.badRequest("The upload could not be read to its end (" + e.getMessage() + "); send it again.");
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // a stray .part file is never read; the next upload does not depend on it
                }
            }
        }
    }

    /** Where an upload is kept until validated. */
    public Path zip(String sha) {
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not an artifact id: " + sha);
        }
        return directory.resolve(sha + ".zip");
    }

    public boolean exists(String sha) {
        return Files.isRegularFile(zip(sha));
    }

    /** Deletes an upload that is validated (or rejected) and that no candidate waits on. */
    public void discard(String sha) {
        try {
            Files.deleteIfExists(zip(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
