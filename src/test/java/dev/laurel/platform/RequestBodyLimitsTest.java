package dev.laurel.platform;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are limited per route: a model zip (streamed to the store) may be as large as
 * {@code laurel.models.max-artifact-bytes}, far above the 64 MB Quarkus used to cap every request at, and it is
 * written to disk while it arrives (never whole in the heap); every other request keeps a small limit.
 */
@QuarkusTest
@TestProfile(RequestBodyLimitsTest.LargeArtifacts.class)
class RequestBodyLimitsTest {
    static final long MAX_ARTIFACT_BYTES = 150_000_000;
    /** Larger than the old cap of every request (quarkus.http.limits.max-body-size=64M). */
    static final long UPLOAD = 100_000_000;
    /** The client stops here until the server has written this much of the body to disk. */
    static final long HOLD_AT = 90_000_000;
    static final long WRITTEN_BEFORE_THE_REST = 70_000_000;

    public static class LargeArtifacts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // web only: nothing validates the junk zip; the upload limit of other requests stays the test profile's 2 MB
            return Map.of("laurel.roles", "web", "laurel.models.max-artifact-bytes", String.valueOf(MAX_ARTIFACT_BYTES));
        }
    }

    @Inject
    RequestBodyLimits limits;
    @Inject
    UploadConfig uploads;
    @ConfigProperty(name = "laurel.models.store")
    String store;

    @Test
    void eachRouteHasItsOwnLimit() {
        assertEquals(MAX_ARTIFACT_BYTES, limits.limit("PUT", "/api/candidates/12/artifact"));
        assertEquals(uploads.maxBytes() + RequestBodyLimits.STREAMING_SLACK, limits.limit("POST", "/api/candidates/12/campaigns/3/outputs"));
        assertEquals(uploads.maxBytes() + RequestBodyLimits.STREAMING_SLACK, limits.limit("GET", "/api/candidates/12/artifact"));
        assertEquals(uploads.maxBytes() + RequestBodyLimits.STREAMING_SLACK, limits.limit("POST", "/api/campaigns"));
    }

    @Test
    void aModelZipLargerThan64MbIsStreamedToDiskAsItArrives() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long candidate = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("large"), "kind", "DJL_ARTIFACT"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        Path incoming = Path.of(store, "uploads");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(Fixtures.origin() + "/api/candidates/" + candidate + "/artifact"))
                .header("Authorization", "Bearer " + modeler.token()).header("Content-Type", "application/zip")
                .timeout(Duration.ofMinutes(3))
                // a declared length (not chunked): 100 MB, which the old 64 MB cap refused before reading any of it
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new HeldBody(incoming)), UPLOAD))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        JsonNode view = new ObjectMapper().readTree(response.body());
        assertEquals("VALIDATING", view.path("artifactStatus").asText(), response.body());
        Path zip = incoming.resolve(view.path("artifactUpload").asText() + ".zip");
        assertEquals(UPLOAD, Files.size(zip));
        Files.delete(zip); // 100 MB of zeros: no later test should validate it
    }

    @Test
    void otherRequestsKeepASmallLimitAndTooLargeOnesAreRefusedBeforeReading() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        long limit = uploads.maxBytes() + RequestBodyLimits.STREAMING_SLACK;
        Answer prompts = declare(modeler, "POST", "/api/campaigns/" + campaign + "/prompts", "application/jsonl", limit + 1);
        assertEquals(413, prompts.status(), prompts.head());
        assertTrue(prompts.head().toLowerCase(java.util.Locale.ROOT).contains("content-type: " + ProblemMapper.PROBLEM_JSON), prompts.head());
        assertTrue(prompts.body().contains("larger than the limit of " + limit + " bytes"), prompts.body());
        // one byte less is read (and then refused as a prompt file, which it is not): the limit is exact
        as(modeler.token()).contentType("application/jsonl").body(new byte[(int) limit - 1])
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(413)
                .body("detail", org.hamcrest.Matchers.containsString("split it into smaller files"));

        // a model zip over its own limit, declared: refused at once, nothing read, nothing recorded
        long candidate = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("huge"), "kind", "DJL_ARTIFACT"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        Answer zip = declare(modeler, "PUT", "/api/candidates/" + candidate + "/artifact", "application/zip",
                MAX_ARTIFACT_BYTES + 1);
        assertEquals(413, zip.status(), zip.head());
        assertTrue(zip.body().contains("larger than the limit of " + MAX_ARTIFACT_BYTES + " bytes for this upload"), zip.body());
        as(modeler.token()).get("/api/candidates/" + candidate).then().body("artifactStatus", org.hamcrest.Matchers.nullValue());
    }

    /** What came back: the status and the body. */
    record Answer(int status, String head, String body) {
    }

    /**
     * Declares a body of {@code length} bytes and sends none of it: the answer can only come from a server that
     * refuses by the declared length, before reading (a raw socket, so no client sends the body regardless).
     */
    private static Answer declare(Fixtures.User user, String method, String path, String type, long length) throws IOException {
        URI origin = URI.create(Fixtures.origin());
        try (java.net.Socket socket = new java.net.Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(30_000);
            String request = method + " " + path + " HTTP/1.1\r\nHost: " + origin.getHost() + ":" + origin.getPort()
                    + "\r\nAuthorization: Bearer " + user.token() + "\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + length + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // the answer comes while the body is still owed: read its head, then as many bytes as it declares (a large
            // refused body's connection is closed after the answer, a small one's kept open to drop the body)
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            int declared = java.util.Arrays.stream(head.toString().split("\r\n"))
                    .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                    .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip())).findFirst().orElse(0);
            String body = new String(in.readNBytes(declared), java.nio.charset.StandardCharsets.UTF_8);
            String status = head.toString().strip();
            return new Answer(Integer.parseInt(status.split(" ")[1]), status, body);
        }
    }

    /** {@code n} zero bytes, without holding them. */
    static class Zeros extends InputStream {
        long left;

        Zeros(long n) {
            this.left = n;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }

    /**
     * {@link #UPLOAD} bytes ("PK" and zeros) that stop after {@link #HOLD_AT} until the server has written
     * {@link #WRITTEN_BEFORE_THE_REST} of them to its part file: a server that read the whole body before writing
     * it (in memory) would never get there, and the upload would fail.
     */
    static class HeldBody extends Zeros {
        private final Path incoming;
        private boolean held;

        HeldBody(Path incoming) {
            super(UPLOAD);
            this.incoming = incoming;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long sent = UPLOAD - left;
            if (!held && sent >= HOLD_AT) {
                awaitWritten();
                held = true;
            }
            int limit = held ? len : (int) Math.min(len, HOLD_AT - sent);
            int n = super.read(b, off, Math.max(1, limit));
            if (sent == 0 && n >= 2) {
                b[off] = 'P';
                b[off + 1] = 'K';
            }
            return n;
        }

        private void awaitWritten() {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (largestPart().orElse(0L) >= WRITTEN_BEFORE_THE_REST) {
                    return;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("the server had not written " + WRITTEN_BEFORE_THE_REST + " bytes of the upload to disk "
                    + "while the client held back the last " + (UPLOAD - HOLD_AT) + ": it does not stream the body (largest part file: "
                    + largestPart().orElse(-1L) + " bytes)");
        }

        private Optional<Long> largestPart() {
            if (!Files.isDirectory(incoming)) {
                return Optional.empty();
            }
            try (Stream<Path> files = Files.list(incoming)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".part")).map(f -> {
                    try {
                        return Files.size(f);
                    } catch (IOException e) {
                        return 0L; // renamed meanwhile
                    }
                }).max(Long::compare);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
