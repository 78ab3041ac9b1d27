package dev.laurel.rewardmodel;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings for the reward-model feature: the bundled encoder behind an in-memory LRU cache
 * and, optionally, a database table, both keyed by the text's SHA-256. Training the same data again,
 * or scoring replies already seen, costs no encoder time. The encoder (90 MB) loads on first use.
 */
@ApplicationScoped
public class Embeddings implements TextEmbedder {
    private final RewardModelConfig config;
    private final EmbeddingCache cache;
    private SentenceEncoder encoder;
    private SentenceEncoder.PromptWindow window;

    Embeddings(RewardModelConfig config) {
        this.config = config;
        this.cache = new EmbeddingCache(config.embeddingCacheSize());
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        Map<String, List<Integer>> missing = new LinkedHashMap<>();
        Map<String, String> textOf = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            String key = EmbeddingCache.key(SentenceEncoder.NAME, texts.get(i));
            vectors[i] = cache.get(key);
            if (vectors[i] == null) {
                missing.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                textOf.put(key, texts.get(i));
            }
        }
        if (missing.isEmpty()) {
            return vectors;
        }
        if (config.persistEmbeddings()) {
            for (SentenceEmbedding row : stored(new ArrayList<>(missing.keySet()))) {
                float[] vector = decode(row.vector);
                cache.put(row.textKey, vector);
                missing.remove(row.textKey).forEach(i -> vectors[i] = vector);
            }
        }
        if (!missing.isEmpty()) {
            List<String> keys = new ArrayList<>(missing.keySet());
            float[][] computed = encode(keys.stream().map(textOf::get).toList());
            for (int k = 0; k < keys.size(); k++) {
                float[] vector = computed[k];
                cache.put(keys.get(k), vector);
                missing.get(keys.get(k)).forEach(i -> vectors[i] = vector);
            }
            if (config.persistEmbeddings()) {
                store(keys, computed);
            }
        }
        return vectors;
    }

    /** Each prompt by its end ({@link SentenceEncoder.PromptWindow}), cached under the text embedded. */
    @Override
    public float[][] embedPrompts(List<String> prompts) {
        SentenceEncoder.PromptWindow window = window();
        return embed(prompts.stream().map(window::latest).toList());
    }

    private synchronized float[][] encode(List<String> texts) {
        if (encoder == null) {
            encoder = SentenceEncoder.allMiniLmL6V2();
        }
        return encoder.embed(texts);
    }

    /** Only the tokenizer: cutting a prompt needs no model, so cached prompts never load the encoder. */
    private synchronized SentenceEncoder.PromptWindow window() {
        if (window == null) {
            try {
                window = SentenceEncoder.PromptWindow.of(SentenceEncoder.DEFAULT_MAX_TOKENS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return window;
    }

    private static List<SentenceEmbedding> stored(List<String> keys) {
        List<SentenceEmbedding> rows = new ArrayList<>();
        for (int start = 0; start < keys.size(); start += 500) { // bounded IN lists
            List<String> chunk = keys.subList(start, Math.min(keys.size(), start + 500));
            rows.addAll(QuarkusTransaction.requiringNew().call(() -> SentenceEmbedding.<SentenceEmbedding>list("textKey in ?1", chunk)));
        }
        return rows;
    }

    private static void store(List<String> keys, float[][] vectors) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = Instant.now();
                List<String> present = SentenceEmbedding.<SentenceEmbedding>list("textKey in ?1", keys)
                        .stream().map(e -> e.textKey).toList();
                for (int k = 0; k < keys.size(); k++) {
                    if (!present.contains(keys.get(k))) {
                        SentenceEmbedding row = new SentenceEmbedding();
                        row.textKey = keys.get(k);
                        row.vector = encode(vectors[k]);
                        row.createdAt = now;
                        row.persist();
                    }
                }
            });
        } catch (RuntimeException e) {
            // another worker stored some of them first: the cache is an optimisation, never a failure
            Log.debugf(e, "Embeddings not cached in the database");
        }
    }

    static byte[] encode(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] decode(byte[] bytes) {
        float[] vector = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    @PreDestroy
    synchronized void close() {
        if (encoder != null) {
            encoder.close();
        }
        if (window != null) {
            window.close();
        }
    }
}
