package dev.laurel.rewardmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Files of the reward-model feature under one root: training sets as TRL JSONL named by their data
 * hash, and models in directories named by the SHA-256 of their contents (parameters + manifest), so
 * an artifact never changes once written and the same model is stored once. Writes go to a temporary
 * name and are moved into place, so a reader never sees half a file.
 */
public final class ArtifactStore {
    public static final String PARAMETERS = "reward-head.params";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root;
    }

    public record StoredModel(String artifact, byte[] parameters, Map<String, Object> manifest) {
    }

    /** Writes the pairs (once per data hash) and returns the hash. */
    public String saveDataset(List<PreferencePair> pairs) {
        String hash = RewardHeadTrainer.dataHash(pairs);
        Path file = root.resolve("datasets").resolve(hash + ".jsonl");
        if (!Files.exists(file)) {
            StringBuilder text = new StringBuilder();
            for (PreferencePair pair : pairs) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("prompt", pair.prompt());
                row.put("chosen", pair.chosen());
                row.put("rejected", pair.rejected());
                row.put("margin", pair.margin());
                try {
                    text.append(new ObjectMapper().writeValueAsString(row)).append('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return hash;
    }

    public List<PreferencePair> readDataset(String hash) {
        Path file = root.resolve("datasets").resolve(hash + ".jsonl");
        try {
            List<PreferencePair> pairs = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    var node = JSON.readTree(line);
                    pairs.add(new PreferencePair(node.get("prompt").asText(), node.get("chosen").asText(),
                            node.get("rejected").asText(), node.get("margin").asDouble()));
                }
            }
            if (!RewardHeadTrainer.dataHash(pairs).equals(hash)) {
                throw new IllegalStateException("Training set " + hash + " is damaged: its content does not match its hash");
            }
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException("Training set " + hash + " cannot be read", e);
        }
    }

    /** Stores a model and returns its artifact id (a SHA-256). */
    public String saveModel(byte[] parameters, Map<String, Object> manifest) {
        try {
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            String artifact = sha256(parameters, manifestBytes);
            Path directory = root.resolve("models").resolve(artifact);
            if (!Files.exists(directory.resolve(MANIFEST))) {
                Files.createDirectories(directory);
                write(directory.resolve(PARAMETERS), parameters);
                write(directory.resolve(MANIFEST), manifestBytes); // last: its presence marks a complete artifact
            }
            return artifact;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public StoredModel readModel(String artifact) {
        if (!artifact.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not an artifact id: " + artifact);
        }
        Path directory = root.resolve("models").resolve(artifact);
        try {
            byte[] parameters = Files.readAllBytes(directory.resolve(PARAMETERS));
            byte[] manifest = Files.readAllBytes(directory.resolve(MANIFEST));
            if (!sha256(parameters, manifest).equals(artifact)) {
                throw new IllegalStateException("Model artifact " + artifact + " is damaged: its content does not match its hash");
            }
            return new StoredModel(artifact, parameters, JSON.readValue(manifest, Map.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Model artifact " + artifact + " cannot be read", e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            Files.write(partial, bytes);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(java.nio.ByteBuffer.allocate(8).putLong(part.length).array());
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
