package dev.laurel.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.platform.OutboundAddresses;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/** The generator behind each generating candidate: a pooled DJL model or an HTTP endpoint. */
@ApplicationScoped
public class Generators {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelConfig config;
    private final ModelArtifacts artifacts;
    private final ModelPool pool;
    private final EndpointKeys keys;
    private final OutboundAddresses outbound;

    Generators(ModelConfig config, EndpointKeys keys, OutboundAddresses outbound) {
        this.config = config;
        this.keys = keys;
        this.outbound = outbound;
        this.artifacts = new ModelArtifacts(Path.of(config.store()), config.maxArtifactBytes());
        this.pool = new ModelPool(config.poolSize(), artifacts::load);
    }

    public ModelArtifacts artifacts() {
        return artifacts;
    }

    public TextGenerator of(Candidate candidate) {
        return switch (candidate.kind) {
            case DJL_ARTIFACT -> {
                if (candidate.artifact == null) {
                    throw new IllegalStateException("Candidate " + candidate.id + " has no model uploaded.");
                }
                yield pool.get(candidate.artifact);
            }
            case OPENAI_COMPATIBLE -> new OpenAiEndpoint(candidate.endpointUrl, candidate.endpointModel,
                    keys.decrypt(candidate.endpointKey), config, outbound);
            case UPLOADED_OUTPUTS -> throw new IllegalStateException("Candidate " + candidate.id + " does not generate.");
        };
    }

    public Sampling sampling(Candidate candidate) {
        if (candidate.sampling == null) {
            return Sampling.of(null, null, null, null, config.defaultMaxTokens());
        }
        try {
            return JSON.readValue(candidate.sampling, Sampling.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Sampling settings of candidate " + candidate.id + " are damaged", e);
        }
    }

    static String json(Sampling sampling) {
        try {
            return JSON.writeValueAsString(sampling);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreDestroy
    void close() {
        pool.close();
    }
}
