package dev.laurel.platform;

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
 * Request bodies kept as files named by the SHA-256 of their bytes ({@code <directory>/<sha256><suffix>}), for
 * uploads too large to hold in memory (model zips, scorer parameters). A body is copied in 64 kB pieces — never
 * whole in the heap — and the limit is counted while copying, so a too-large upload stops at the limit. The file
 * appears under its final name whole (a rename) or not at all. Nothing here opens what it receives.
 */
public final class ReceivedFiles {
    private static final int BUFFER = 64 * 1024;

    private final Path directory;
    private final String suffix;
    private final long maxBytes;
    private final String tooLarge;
    private final String empty;

    /**
     * @param tooLarge the 413 sentence (what to do about it) when a body exceeds {@code maxBytes}
     * @param empty    the 400 sentence for an empty body
     */
    public ReceivedFiles(Path directory, String suffix, long maxBytes, String tooLarge, String empty) {
        this.directory = directory;
        this.suffix = suffix;
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
        this.empty = empty;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Copies the body into the directory and returns the SHA-256 of its bytes. More than the limit: 413, and the
     * partial file is deleted; empty: 400.
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
                        throw Problem.tooLarge(tooLarge);
                    }
                    digest.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            if (total == 0) {
                throw Problem.badRequest(empty);
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            // the same bytes uploaded again (or at once by two requests) replace an identical file
            Files.move(part, file(sha), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

    /** Where a received body is kept. */
    public Path file(String sha) {
        if (sha == null || !sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a received file's id: " + sha);
        }
        return directory.resolve(sha + suffix);
    }

    public boolean exists(String sha) {
        return Files.isRegularFile(file(sha));
    }

    public void discard(String sha) {
        try {
            Files.deleteIfExists(file(sha));
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
