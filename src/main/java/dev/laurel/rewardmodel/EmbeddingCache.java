package dev.laurel.rewardmodel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-recently-used embeddings by text key ({@code encoder:sha256(text)}), bounded in entries.
 * Keys are hashes so the cache (and the table behind it) never holds the texts themselves.
 */
public final class EmbeddingCache {
    private final Map<String, float[]> entries;

    public EmbeddingCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    public static String key(String encoder, String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return encoder + ":" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public synchronized float[] get(String key) {
        return entries.get(key);
    }

    public synchronized void put(String key, float[] vector) {
        entries.put(key, vector);
    }

    public synchronized int size() {
        return entries.size();
    }
}
