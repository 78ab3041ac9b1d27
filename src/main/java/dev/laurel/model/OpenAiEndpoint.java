package dev.laurel.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A chat-completions endpoint speaking the OpenAI API ({@code POST {base}/chat/completions}). Each
 * prompt is one request; timeouts, 429 and 5xx are retried with exponential back-off, waiting what a
 * {@code Retry-After} header asks instead when present; at most {@code endpoint-concurrency} requests
 * per base URL are in flight across the process. A reply that cannot be read fails that prompt only.
 */
public final class OpenAiEndpoint implements TextGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<String, Semaphore> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final String baseUrl;
    private final String model;
    private final String apiKey;
    private final ModelConfig config;

    public OpenAiEndpoint(String baseUrl, String model, String apiKey, ModelConfig config) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.model = model;
        this.apiKey = apiKey;
        this.config = config;
    }

    @Override
    public List<Reply> generate(List<String> prompts, Sampling sampling) {
        List<Reply> replies = new ArrayList<>();
        for (String prompt : prompts) {
            replies.add(complete(prompt, sampling));
        }
        return replies;
    }

    private Reply complete(String prompt, Sampling sampling) {
        HttpRequest request = request(prompt, sampling);
        Semaphore slots = IN_FLIGHT.computeIfAbsent(baseUrl, url -> new Semaphore(Math.max(1, config.endpointConcurrency())));
        Duration backoff = config.endpointBackoff();
        String lastProblem = "no attempt was made";
        for (int attempt = 1; attempt <= Math.max(1, config.endpointAttempts()); attempt++) {
            Duration wait = backoff;
            try {
                HttpResponse<String> response;
                slots.acquire();
                try {
                    response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                } finally {
                    slots.release();
                }
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body());
                }
                lastProblem = "the endpoint answered HTTP " + status;
                if (status != 429 && status < 500) {
                    return Reply.failed(lastProblem + ": " + snippet(response.body()));
                }
                wait = retryAfter(response).orElse(backoff);
            } catch (HttpTimeoutException e) {
                lastProblem = "the endpoint did not answer within " + config.endpointTimeout().toSeconds() + " s";
            } catch (IOException e) {
                lastProblem = "the endpoint cannot be reached (" + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Reply.failed("generation was interrupted");
            }
            if (attempt < config.endpointAttempts()) {
                sleep(wait);
                backoff = backoff.multipliedBy(2);
            }
        }
        return Reply.failed(lastProblem + " (after " + config.endpointAttempts() + " attempts)");
    }

    private HttpRequest request(String prompt, Sampling sampling) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        body.put("temperature", sampling.temperature());
        body.put("top_p", sampling.topP());
        body.put("max_tokens", sampling.maxTokens());
        if (sampling.seed() != null) {
            body.put("seed", sampling.seed());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .timeout(config.endpointTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (apiKey != null && !apiKey.isEmpty()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder.build();
    }

    private static Reply parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode content = root.path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                return Reply.failed("the endpoint's reply has no choices[0].message.content: " + snippet(body));
            }
            int tokens = root.path("usage").path("completion_tokens").asInt(0);
            return new Reply(content.asText(), tokens, null);
        } catch (IOException e) {
            return Reply.failed("the endpoint's reply is not valid JSON: " + snippet(body));
        }
    }

    /** Retry-After in seconds (HTTP dates are rare for APIs and fall back to the back-off). */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                Duration wait = Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000));
                return java.util.Optional.of(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String snippet(String body) {
        String clean = body == null ? "" : body.replaceAll("\\s+", " ");
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }
}
