package dev.laurel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.laurel.platform.OutboundAddresses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible adapter against a local stub server answering what each test scripts. */
class OpenAiEndpointStubTest {
    private static final String OK = "{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"Hello there\"}}],"
            + " \"usage\": {\"completion_tokens\": 3}}";

    private HttpServer server;
    private final Queue<StubAnswer> script = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new ArrayList<>();
    private final List<Long> arrivals = new ArrayList<>();

    record StubAnswer(int status, String body, String retryAfter, long delayMillis, String location) {
        StubAnswer(int status, String body, String retryAfter, long delayMillis) {
            this(status, body, retryAfter, delayMillis, null);
        }
    }

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        synchronized (requests) {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
            arrivals.add(System.nanoTime());
        }
        StubAnswer answer = script.poll();
        if (answer == null) {
            answer = new StubAnswer(200, OK, null, 0);
        }
        try {
            Thread.sleep(answer.delayMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (answer.location() != null) {
            exchange.getResponseHeaders().add("Location", answer.location());
        }
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the client gave up (timeout test)
        }
        exchange.close();
    }

    private OpenAiEndpoint endpoint(Duration timeout, int attempts) {
        return new OpenAiEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/", "stub-model", "sk-test",
                new TestConfig(timeout, attempts), new OutboundAddresses(List.of("127.0.0.1")));
    }

    @Test
    void stubReplyIsReturnedWithItsTokenCountAndTheRequestCarriesSamplingAndKey() {
        TextGenerator.Reply reply = endpoint(Duration.ofSeconds(5), 3).generate(List.of("Hi"), new Sampling(0.5, 0.9, 64, 7L)).get(0);
        assertEquals("Hello there", reply.text());
        assertEquals(3, reply.tokens());
        String request = requests.get(0);
        assertTrue(request.contains("\"model\":\"stub-model\"") && request.contains("\"max_tokens\":64")
                && request.contains("\"seed\":7") && request.contains("\"content\":\"Hi\""), request);
        assertTrue(request.endsWith("auth=Bearer sk-test"));
    }

    @Test
    void aConversationIsSentAsTheApisMessagesSystemPromptFirst() throws Exception {
        List<dev.laurel.campaign.ChatMessage> conversation = dev.laurel.campaign.ChatMessage.withSystemPrompt("Answer in French.",
                List.of(dev.laurel.campaign.ChatMessage.user("Hi"), new dev.laurel.campaign.ChatMessage("assistant", "Bonjour !"),
                        dev.laurel.campaign.ChatMessage.user("How are you?")));
        TextGenerator.Reply reply = endpoint(Duration.ofSeconds(5), 3).respond(List.of(conversation), Sampling.GREEDY).get(0);
        assertEquals("Hello there", reply.text());
        String request = requests.get(0);
        com.fasterxml.jackson.databind.JsonNode sent = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(request.substring(0, request.lastIndexOf(" auth="))).path("messages");
        assertEquals("[{\"role\":\"system\",\"content\":\"Answer in French.\"},{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Bonjour !\"},{\"role\":\"user\",\"content\":\"How are you?\"}]",
                sent.toString());
    }

    @Test
    void stub429IsRetriedAfterTheWaitItAsksFor() {
        script.add(new StubAnswer(429, "{\"error\": \"slow down\"}", "1", 0));
        TextGenerator.Reply reply = endpoint(Duration.ofSeconds(5), 3).generate(List.of("Hi"), Sampling.GREEDY).get(0);
        assertEquals("Hello there", reply.text());
        assertEquals(2, arrivals.size());
        long waitedMillis = (arrivals.get(1) - arrivals.get(0)) / 1_000_000;
        assertTrue(waitedMillis >= 950, "Retry-After: 1 means at least a second, waited " + waitedMillis);
    }

    @Test
    void stubTimeoutsAreRetriedThenReportedAsAFailureOfThatPromptOnly() {
        script.add(new StubAnswer(200, OK, null, 2000));
        script.add(new StubAnswer(200, OK, null, 2000));
        List<TextGenerator.Reply> replies = endpoint(Duration.ofMillis(300), 2).generate(List.of("slow", "fast"), Sampling.GREEDY);
        assertTrue(replies.get(0).isFailed());
        assertTrue(replies.get(0).error().contains("did not answer within"), replies.get(0).error());
        assertEquals("Hello there", replies.get(1).text());
    }

    @Test
    void stubMalformedJsonFailsThePromptWithAReadableReason() {
        script.add(new StubAnswer(200, "{\"choices\": [", null, 0));
        script.add(new StubAnswer(200, "{\"choices\": []}", null, 0));
        List<TextGenerator.Reply> replies = endpoint(Duration.ofSeconds(5), 3).generate(List.of("a", "b"), Sampling.GREEDY);
        assertTrue(replies.get(0).error().contains("not valid JSON"), replies.get(0).error());
        assertTrue(replies.get(1).error().contains("no choices[0].message.content"), replies.get(1).error());
        assertEquals(2, requests.size(), "a malformed reply is not retried");
    }

    @Test
    void stubClientErrorsAreNotRetried() {
        script.add(new StubAnswer(401, "{\"error\": \"bad key\"}", null, 0));
        TextGenerator.Reply reply = endpoint(Duration.ofSeconds(5), 3).generate(List.of("a"), Sampling.GREEDY).get(0);
        assertTrue(reply.error().contains("HTTP 401"), reply.error());
        assertEquals(1, requests.size());
    }

    @Test
    void anEndpointOnTheLoopbackIsNotCalledUnlessTheOperatorAllowsIt() {
        OpenAiEndpoint endpoint = new OpenAiEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/", "stub-model",
                "sk-test", new TestConfig(Duration.ofSeconds(5), 3), new OutboundAddresses(List.of()));
        TextGenerator.Reply reply = endpoint.generate(List.of("Hi"), Sampling.GREEDY).get(0);
        assertTrue(reply.error().contains("refused") && reply.error().contains("loopback"), reply.error());
        assertEquals(0, requests.size(), "the refused endpoint was called");
    }

    @Test
    void aHostThatResolvesElsewhereAfterRegistrationIsRefusedBeforeTheCall() {
        // DNS rebinding: the name was public when registered, now it answers with the loopback
        OutboundAddresses rebound = new OutboundAddresses(List.of("127.0.0.1"),
                host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})});
        OpenAiEndpoint endpoint = new OpenAiEndpoint("http://rebind.example:" + server.getAddress().getPort() + "/v1", "stub-model",
                "sk-test", new TestConfig(Duration.ofSeconds(5), 3), rebound);
        TextGenerator.Reply reply = endpoint.generate(List.of("Hi"), Sampling.GREEDY).get(0);
        assertTrue(reply.error().contains("'rebind.example' resolves to 127.0.0.1, a loopback address"), reply.error());
        assertEquals(0, requests.size());
    }

    @Test
    void redirectsAreNotFollowed() {
        script.add(new StubAnswer(302, "", null, 0, "http://169.254.169.254/latest/meta-data/"));
        TextGenerator.Reply reply = endpoint(Duration.ofSeconds(5), 3).generate(List.of("Hi"), Sampling.GREEDY).get(0);
        assertTrue(reply.error().contains("HTTP 302") && reply.error().contains("does not follow redirects"), reply.error());
        assertEquals(1, requests.size(), "neither followed nor retried");
    }

    @Test
    void aReplyLargerThanTheCapFailsThatPromptOnly() {
        String huge = "{\"choices\": [{\"message\": {\"content\": \"" + "x".repeat(50_000) + "\"}}]}";
        script.add(new StubAnswer(200, huge, null, 0));
        List<TextGenerator.Reply> replies = endpoint(Duration.ofSeconds(5), 3).generate(List.of("big", "small"), Sampling.GREEDY);
        assertTrue(replies.get(0).error().contains("larger than 10000 bytes"), replies.get(0).error());
        assertEquals("Hello there", replies.get(1).text());
        assertEquals(2, requests.size(), "a too large reply is not retried");
    }

    private record TestConfig(Duration endpointTimeout, int endpointAttempts) implements ModelConfig {
        public String store() { return "target/models"; }
        public long maxArtifactBytes() { return 1; }
        public int poolSize() { return 1; }
        public Duration validationPoll() { return Duration.ofSeconds(3); }
        public Duration validationLease() { return Duration.ofMinutes(10); }
        public int batchSize() { return 1; }
        public int defaultMaxTokens() { return 10; }
        public Optional<String> secretKey() { return Optional.empty(); }
        public String keyFile() { return "target/key"; }
        public Duration endpointBackoff() { return Duration.ofMillis(100); }
        public int endpointConcurrency() { return 2; }
        public long endpointMaxReplyBytes() { return 10_000; }
    }
}
