package dev.laurel.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Uploaded model zips, checked and stored by the SHA-256 of the zip: {@code <root>/<sha256>/} holds
 * the unpacked files. A zip is accepted only when its manifest makes sense, its model loads with DJL
 * and one forward pass runs; otherwise nothing is kept. This loads model code: only worker-role
 * processes call it ({@link ArtifactValidation}); the web process only receives zips ({@link ModelUploads}). Unpacking happens in a scratch directory that
 * is moved into place whole, so a reader never sees half an artifact.
 */
public final class ModelArtifacts {
    public static final String MANIFEST = "manifest.json";
    public static final String TOKENIZER = "tokenizer.json";
    private static final Set<String> ALLOWED = Set.of(MANIFEST, TOKENIZER, "model.pt", "model.onnx", "model-0000.params");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path root;
    private final long maxBytes;

    public ModelArtifacts(Path root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    public record Stored(String sha256, ModelManifest manifest) {
    }

    /** Checks and stores a zip; throws {@link ArtifactRejected} with the reason when it is unusable. */
    public Stored store(byte[] zip) {
        return store(sha256(zip), () -> new ByteArrayInputStream(zip));
    }

    /**
     * Checks and stores an upload received by {@link ModelUploads} (a worker's part: this loads the model
     * and runs a forward pass); throws {@link ArtifactRejected} with the reason when it is unusable. The
     * zip is read as a stream, never whole in memory.
     */
    public Stored validate(String sha, Path zip) {
        if (!Files.isDirectory(directory(sha)) && !Files.isRegularFile(zip)) {
            throw new ArtifactRejected("The uploaded zip is no longer in the model store; upload it again.");
        }
        return store(sha, () -> {
            try {
                return new BufferedInputStream(Files.newInputStream(zip));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private Stored store(String sha, Supplier<InputStream> zip) {
        Path target = directory(sha);
        if (Files.isDirectory(target)) {
            return new Stored(sha, manifest(sha)); // checked when it was first stored
        }
        Path scratch = null;
        try {
            Files.createDirectories(root);
            scratch = Files.createTempDirectory(root, "upload-");
            ModelManifest manifest;
            try (InputStream in = zip.get()) {
                manifest = unpack(in, scratch);
            }
            try (DjlModel model = DjlModel.load(scratch, manifest)) {
                model.check();
            }
            try {
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
                scratch = null;
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // the same zip arrived twice at once; the other copy is identical
            }
            return new Stored(sha, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (scratch != null) {
                delete(scratch);
            }
        }
    }

    public Path directory(String sha) {
        if (!sha.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not an artifact id: " + sha);
        }
        return root.resolve(sha);
    }

    public ModelManifest manifest(String sha) {
        try {
            return JSON.readValue(directory(sha).resolve(MANIFEST).toFile(), ModelManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Model artifact " + sha + " cannot be read", e);
        }
    }

    public DjlModel load(String sha) {
        return DjlModel.load(directory(sha), manifest(sha));
    }

    private ModelManifest unpack(InputStream zip, Path directory) throws IOException {
        List<String> problems = new ArrayList<>();
        long total = 0;
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries++;
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!ALLOWED.contains(name)) {
                    problems.add("The zip contains '" + limit(name) + "'; allowed are files at its top level named "
                            + String.join(", ", ALLOWED.stream().sorted().toList()) + ".");
                    continue;
                }
                // count what is really inflated, not what the entry claims (zip bombs)
                try (var out = Files.newOutputStream(directory.resolve(name))) {
                    byte[] buffer = new byte[64 * 1024];
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        total += read;
                        if (total > maxBytes) {
                            throw new ArtifactRejected("The zip unpacks to more than " + maxBytes + " bytes.");
                        }
                        out.write(buffer, 0, read);
                    }
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ArtifactRejected("The upload is not a readable zip file (" + DjlModel.reason(e) + ").");
        }
        if (entries == 0) {
            throw new ArtifactRejected("The upload is not a zip file, or the zip is empty.");
        }
        if (!problems.isEmpty()) {
            throw new ArtifactRejected(String.join(" ", problems));
        }
        if (!Files.isRegularFile(directory.resolve(MANIFEST))) {
            throw new ArtifactRejected("The zip has no manifest.json at its top level.");
        }
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(directory.resolve(MANIFEST).toFile(), ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new ArtifactRejected("manifest.json is not valid: " + limit(e.getOriginalMessage()) + ".");
        }
        List<String> manifestProblems = manifest.problems();
        if (!manifestProblems.isEmpty()) {
            throw new ArtifactRejected(String.join(" ", manifestProblems));
        }
        if (!Files.isRegularFile(directory.resolve(manifest.modelFile()))) {
            throw new ArtifactRejected("Format \"" + manifest.format() + "\" needs the model in " + manifest.modelFile() + ", which the zip lacks.");
        }
        if (manifest.needsTokenizer() && !Files.isRegularFile(directory.resolve(TOKENIZER))) {
            throw new ArtifactRejected("The zip has no tokenizer.json, which format \"" + manifest.format() + "\" needs.");
        }
        return manifest;
    }

    /** Packs files (name → bytes) as a model zip; used to build uploads from trained models. */
    public static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new LinkedHashMap<>(files).entrySet()) {
                out.putNextEntry(new ZipEntry(file.getKey()));
                out.write(file.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String limit(String text) {
        String clean = text == null ? "" : text.replaceAll("\\s+", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch directory left behind is harmless
        }
    }
}
