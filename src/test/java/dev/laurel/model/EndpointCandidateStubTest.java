package dev.laurel.model;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An OPENAI_COMPATIBLE candidate answering a campaign, against a local stub of the API. */
@QuarkusTest
class EndpointCandidateStubTest {
    private static final int PROMPTS = 3;

    @Inject
    EndpointKeys keys;

    private HttpServer stub;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private Fixtures.User modeler;

    @BeforeEach
    void start() throws IOException {
        modeler = Fixtures.modeler();
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/v1/chat/completions", exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = (status == 200
                    ? "{\"choices\": [{\"message\": {\"content\": \"Stub says hi\"}}], \"usage\": {\"completion_tokens\": 3}}"
                    : "{\"error\": \"bad key\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    private long endpointCandidate(long campaign) {
        long id = as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("api"),
                        "kind", "OPENAI_COMPATIBLE", "baseUrl", "http://127.0.0.1:" + stub.getAddress().getPort() + "/v1",
                        "model", "stub-7b", "apiKey", "sk-stub-secret"))
                .post("/api/candidates").then().statusCode(201)
                .body("model", equalTo("stub-7b")).body(not("apiKey")).extract().jsonPath().getLong("id");
        as(modeler.token()).post("/api/candidates/" + id + "/campaigns/" + campaign).then().statusCode(204);
        return id;
    }

    private static org.hamcrest.Matcher<String> not(String text) {
        return org.hamcrest.Matchers.not(containsString(text));
    }

    @Test
    void stubEndpointRepliesBecomeTasksAndItsKeyIsStoredEncrypted() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, PROMPTS);
        Fixtures.candidateWithOutputs(modeler, campaign, PROMPTS, "uploaded");
        long candidate = endpointCandidate(campaign);
        String stored = QuarkusTransaction.requiringNew().call(() -> Candidate.<Candidate>findById(candidate).endpointKey);
        assertFalse(stored.contains("sk-stub-secret"));
        assertEquals("sk-stub-secret", keys.decrypt(stored));

        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(PROMPTS)));
        assertEquals(PROMPTS, authorizations.size());
        assertEquals("Bearer sk-stub-secret", authorizations.get(0));
    }

    @Test
    void theEndpointGetsTheCampaignsSystemPromptAndEveryTurnOfAConversation() throws Exception {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("chat"), "overlap", 1, "systemPrompt", "Answer like a pirate."))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/jsonl").body(String.join("\n",
                        "{\"id\": \"p1\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"},"
                                + " {\"role\": \"assistant\", \"content\": \"Arr, hello!\"}, {\"role\": \"user\", \"content\": \"Where is the gold?\"}]}",
                        "{\"id\": \"p2\", \"messages\": [{\"role\": \"system\", \"content\": \"Answer like a poet.\"},"
                                + " {\"role\": \"user\", \"content\": \"Describe the sea\"}]}",
                        "{\"id\": \"p3\", \"prompt\": \"Plain question\"}"))
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
        Fixtures.candidateWithOutputs(modeler, campaign, 3, "uploaded");
        endpointCandidate(campaign);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(3)));

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<String> sent = new java.util.HashSet<>();
        for (String body : bodies) {
            sent.add(json.readTree(body).path("messages").toString());
        }
        assertEquals(java.util.Set.of(
                "[{\"role\":\"system\",\"content\":\"Answer like a pirate.\"},{\"role\":\"user\",\"content\":\"Hi\"},"
                        + "{\"role\":\"assistant\",\"content\":\"Arr, hello!\"},{\"role\":\"user\",\"content\":\"Where is the gold?\"}]",
                "[{\"role\":\"system\",\"content\":\"Answer like a poet.\"},{\"role\":\"user\",\"content\":\"Describe the sea\"}]",
                "[{\"role\":\"system\",\"content\":\"Answer like a pirate.\"},{\"role\":\"user\",\"content\":\"Plain question\"}]"),
                sent, "the campaign's system prompt first, unless the prompt has its own; then every turn");
    }

    @Test
    void stubEndpointRefusingEveryRequestShowsFailuresOnTheProgress() {
        status = 401;
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, PROMPTS);
        Fixtures.candidateWithOutputs(modeler, campaign, PROMPTS, "uploaded");
        endpointCandidate(campaign);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then()
                        .body("[0].failed", equalTo(PROMPTS)).body("[0].finished", equalTo(true))
                        .body("[0].lastError", containsString("HTTP 401")));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(0));
    }

    @Test
    void aTestCallShowsTheEndpointsReplyOrItsReadableErrorAndStoresNothing() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        long candidate = endpointCandidate(campaign);
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("prompt", "Say hi"))
                .post("/api/candidates/" + candidate + "/test-call").then().statusCode(200)
                .body("ok", equalTo(true)).body("reply", equalTo("Stub says hi")).body("tokens", equalTo(3));
        assertEquals("Bearer sk-stub-secret", authorizations.get(0));

        status = 401;
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("prompt", "Say hi"))
                .post("/api/candidates/" + candidate + "/test-call").then().statusCode(200)
                .body("ok", equalTo(false)).body("error", containsString("HTTP 401")).body("error", containsString("bad key"));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then().statusCode(200)
                .body("size()", equalTo(0)); // a draft: nothing was generated or stored
        Fixtures.User other = Fixtures.modeler();
        as(other.token()).contentType(ContentType.JSON).body(Map.of("prompt", "Say hi"))
                .post("/api/candidates/" + candidate + "/test-call").then().statusCode(404);
    }

    @Test
    void anEndpointNeedsAnHttpUrlAndAModelName() {
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("api"), "kind", "OPENAI_COMPATIBLE",
                        "baseUrl", "ftp://x", "model", "m"))
                .post("/api/candidates").then().statusCode(400).body("detail", containsString("baseUrl"));
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("api"), "kind", "OPENAI_COMPATIBLE",
                        "baseUrl", "https://api.example.com/v1"))
                .post("/api/candidates").then().statusCode(400).body("detail", containsString("'model'"));
    }

    /** The test profile allows 127.0.0.1, as the operator would list it: written as that address, nothing else. */
    @Test
    void endpointsReachingInsideAreRefusedWithTheAddressAndNothingIsStored() {
        int port = stub.getAddress().getPort();
        Map<String, String> refused = Map.of(
                "http://169.254.169.254/v1", "The URL names 169.254.169.254, a link-local address",
                "http://localhost:" + port + "/v1", "The host 'localhost' resolves to 127.0.0.1, a loopback address",
                "http://10.0.0.1:8000/v1", "10.0.0.1, a private network address",
                "http://[fd00:ec2::254]/v1", "a unique local address",
                "http://2130706433:" + port + "/v1", "unusual form",
                "http://0x7f.1:" + port + "/v1", "unusual form",
                "http://api.example.com@127.0.0.2:" + port + "/v1", "user name or password");
        refused.forEach((url, why) -> {
            String name = Fixtures.unique("ssrf");
            as(modeler.token()).contentType(ContentType.JSON).body(Map.of("name", name, "kind", "OPENAI_COMPATIBLE",
                            "baseUrl", url, "model", "m"))
                    .post("/api/candidates").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("baseUrl is refused. "))
                    .body("detail", containsString(why));
            as(modeler.token()).get("/api/candidates").then().statusCode(200)
                    .body("name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(name)));
        });
        assertTrue(authorizations.isEmpty(), "nothing was called");
    }

    @Test
    void anEndpointThatNowResolvesInsideIsNotCalledAndTheRefusalShowsOnTheProgress() {
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, PROMPTS);
        Fixtures.candidateWithOutputs(modeler, campaign, PROMPTS, "uploaded");
        long candidate = endpointCandidate(campaign);
        // as if its DNS name answered with an internal address after registration (DNS rebinding)
        String rebound = "http://localhost:" + stub.getAddress().getPort() + "/v1";
        QuarkusTransaction.requiringNew().run(() -> Candidate.<Candidate>findById(candidate).endpointUrl = rebound);

        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/generation").then()
                        .body("[0].failed", equalTo(PROMPTS)).body("[0].finished", equalTo(true))
                        .body("[0].lastError", containsString("Laurel refused to call the endpoint"))
                        .body("[0].lastError", containsString("127.0.0.1, a loopback address")));
        assertTrue(authorizations.isEmpty(), "the endpoint was called");
    }
}
