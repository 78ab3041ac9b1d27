package dev.laurel.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.laurel.campaign.ChatMessage;
import dev.laurel.platform.OutboundAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A chat-completions endpoint speaking the OpenAI API ({@code POST {base}/chat/completions}). Each
 * conversation (the campaign's system prompt and the prompt's turns) is one request, sent as the API's
 * {@code messages}; timeouts, 429 and 5xx are retried with exponential back-off, waiting what a
 * {@code Retry-After} header asks instead when present; at most {@code endpoint-concurrency} requests
 * per base URL are in flight across the process. A reply that cannot be read fails that prompt only.
 * <p>
 * The base URL is a team's choice, so every attempt first checks where its host resolves now
 * ({@link OutboundAddresses}: DNS may have changed since registration); redirects are not followed (a public
 * endpoint could redirect to an internal one), and a reply may take at most {@code endpoint-timeout} in all and
 * {@code endpoint-max-reply-bytes}. The connection is not pinned to the checked address: java.net.http on Java 17
 * has no resolver hook, and connecting to the IP would break TLS host names. The client resolves the host again
 * right after the check, from the JVM's address cache (30 s), which makes a different answer in between unlikely.
 */
public final class OpenAiEndpoint implements TextGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final Map<String, Semaphore> IN_FLIGHT = new ConcurrentHashMap<>();
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final String baseUrl;
    private final String model;
    private final String apiKey;
    private final ModelConfig config;
    private final OutboundAddresses outbound;

    public OpenAiEndpoint(String baseUrl, String model, String apiKey, ModelConfig config, OutboundAddresses outbound) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.model = model;
        this.apiKey = apiKey;
        this.config = config;
        this.outbound = outbound;
    }

    @Override
    public List<Reply> respond(List<List<ChatMessage>> conversations, Sampling sampling) {
        List<Reply> replies = new ArrayList<>();
        for (List<ChatMessage> conversation : conversations) {
            replies.add(complete(conversation, sampling));
        }
        return replies;
    }

    private Reply complete(List<ChatMessage> conversation, Sampling sampling) {
        Semaphore slots = IN_FLIGHT.computeIfAbsent(baseUrl, url -> new Semaphore(Math.max(1, config.endpointConcurrency())));
        Duration backoff = config.endpointBackoff();
        String lastProblem = "no attempt was made";
        for (int attempt = 1; attempt <= Math.max(1, config.endpointAttempts()); attempt++) {
            Duration wait = backoff;
            try {
                HttpResponse<String> response;
                slots.acquire();
                try {
                    outbound.check(baseUrl); // after waiting for a slot: as close to the call as it gets
                    response = send(request(conversation, sampling));
                } finally {
                    slots.release();
                }
                int status = response.statusCode();
                if (status == 200) {
                    return parse(response.body());
                }
                lastProblem = "the endpoint answered HTTP " + status;
                if (status >= 300 && status < 400) {
                    return Reply.failed(lastProblem + " (a redirect to " + snippet(response.headers().firstValue("Location").orElse("nowhere"))
                            + "); Laurel does not follow redirects: register the URL it points to");
                }
                if (status != 429 && status < 500) {
                    return Reply.failed(lastProblem + ": " + snippet(response.body()));
                }
                wait = retryAfter(response).orElse(backoff);
            } catch (OutboundAddresses.Unresolved e) {
                lastProblem = "Laurel did not call the endpoint: " + e.getMessage();
            } catch (OutboundAddresses.Refused e) {
                return Reply.failed("Laurel refused to call the endpoint: " + e.getMessage());
            } catch (ReplyTooLarge e) {
                return Reply.failed(e.getMessage());
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

    /**
     * One exchange within endpoint-timeout from request to the reply's last byte (the request timeout alone
     * stops at the headers, so a server trickling its body could hold a worker forever).
     */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> exchange = HTTP.sendAsync(request, info -> new CappedBody(config.endpointMaxReplyBytes()));
        try {
            return exchange.get(config.endpointTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete reply within " + config.endpointTimeout());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ReplyTooLarge) {
                    throw (ReplyTooLarge) cause;
                }
            }
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException(e.getCause());
        }
    }

    /** The chat request: the conversation's turns (system prompt first, if any) as the API's {@code messages}. */
    private HttpRequest request(List<ChatMessage> conversation, Sampling sampling) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        var messages = body.putArray("messages");
        for (ChatMessage message : conversation) {
            messages.addObject().put("role", message.role()).put("content", message.content());
        }
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

    /** A reply longer than Laurel reads (it fails that prompt; retrying would get the same). */
    static final class ReplyTooLarge extends IOException {
        ReplyTooLarge(long limit) {
            super("the endpoint's reply is larger than " + limit + " bytes, the most Laurel reads"
                    + " (laurel.models.endpoint-max-reply-bytes)");
        }
    }

    /** Collects the reply as text and gives up (closing the connection) beyond {@code limit} bytes. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
        private final long limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<String> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    subscription.cancel();
                    body.completeExceptionally(new ReplyTooLarge(limit));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toString(StandardCharsets.UTF_8));
        }
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
