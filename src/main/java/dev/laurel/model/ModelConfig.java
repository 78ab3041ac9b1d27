package dev.laurel.model;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "laurel.models")
public interface ModelConfig {
    /** Directory of uploaded model artifacts (content-addressed); shared storage when web and worker pods are separate. */
    @WithDefault("./data/models")
    String store();

    /** Largest model zip accepted. */
    @WithDefault("209715200")
    long maxArtifactBytes();

    /** How often worker-role processes look for uploaded models to validate. */
    @WithDefault("3s")
    Duration validationPoll();

    /** A validation claim older than this is taken over by another worker (its worker stopped). */
    @WithDefault("10m")
    Duration validationLease();

    /** Loaded models kept in memory per worker; the least recently used is closed beyond this. */
    @WithDefault("2")
    int poolSize();

    /** Prompts per generation.requested message (and per forward batch). */
    @WithDefault("8")
    int batchSize();

    /** Reply length limit when neither the candidate nor its manifest sets one. */
    @WithDefault("200")
    int defaultMaxTokens();

    /** AES key (base64, 16/24/32 bytes) that encrypts endpoint API keys; empty: a key generated once under key-file. */
    Optional<String> secretKey();

    /** Where the embedded default keeps its generated key for endpoint API keys. */
    @WithDefault("./data/models/endpoint-key")
    String keyFile();

    /** OpenAI-compatible endpoints: time allowed for one request. */
    @WithDefault("60s")
    Duration endpointTimeout();

    /** OpenAI-compatible endpoints: attempts per prompt (timeouts, 429 and 5xx are retried). */
    @WithDefault("4")
    int endpointAttempts();

    /** OpenAI-compatible endpoints: first back-off, doubled per retry unless the server sends Retry-After. */
    @WithDefault("1s")
    Duration endpointBackoff();

    /** OpenAI-compatible endpoints: longest reply read (bytes); a longer one fails its prompt. */
    @WithDefault("2097152")
    long endpointMaxReplyBytes();

    /** OpenAI-compatible endpoints: requests in flight per endpoint. */
    @WithDefault("4")
    int endpointConcurrency();
}
