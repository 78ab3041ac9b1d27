package dev.laurel;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds what tests need through the public REST API only, so each test also exercises the API.
 * Every call makes new, uniquely named users and campaigns: tests share one database.
 */
public final class Fixtures {
    public static final String ADMIN = "root-admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String PASSWORD = "correct horse battery";

    private static String adminToken;

    /** RestAssured sends a String body only for content types it knows; teach it ours. */
    private static final io.restassured.config.RestAssuredConfig TEXT_UPLOADS = io.restassured.config.RestAssuredConfig.config()
            .encoderConfig(io.restassured.config.EncoderConfig.encoderConfig()
                    .encodeContentTypeAs("application/jsonl", ContentType.TEXT)
                    .encodeContentTypeAs("application/xml", ContentType.TEXT));

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RequestSpecification as(String token) {
        return given().config(TEXT_UPLOADS).header("Authorization", "Bearer " + token);
    }

    /** The origin of this test instance's pages, as a browser names it in {@code Origin}. */
    public static String origin() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    /**
     * A request as a browser on Laurel's own pages sends it: with their {@code Origin}, without which a change
     * made with the session cookie (and the login form) is refused as cross-site (platform/CrossSiteRequests).
     */
    public static RequestSpecification browser() {
        return given().header("Origin", origin());
    }

    /** A browser's login: its session cookie and the CSRF token its pages carry (platform/CsrfTokens). */
    public record Session(String cookie, String csrfToken) {
    }

    /** {@link #browser()}, logged in: the session cookie, and its CSRF token in the header htmx and the pages' fetch send. */
    public static RequestSpecification browser(Session session) {
        return browser().cookie("quarkus-credential", session.cookie()).header("X-CSRF-Token", session.csrfToken());
    }

    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    /** Logs in with the form, then reads the session's CSRF token from a page, where the page's scripts find it. */
    public static Session login(String username, String password) {
        String cookie = browser().redirects().follow(false)
                .formParam("j_username", username).formParam("j_password", password)
                .post("/j_security_check")
                .then().statusCode(302)
                .extract().cookie("quarkus-credential");
        return new Session(cookie, csrfTokenOf(given().cookie("quarkus-credential", cookie).accept(ContentType.HTML)
                .get("/account").then().statusCode(200).extract().asString()));
    }

    /** The CSRF token a page's layout carries. */
    public static String csrfTokenOf(String page) {
        Matcher meta = CSRF_META.matcher(page);
        if (!meta.find()) {
            throw new AssertionError("the page carries no CSRF token: " + page);
        }
        return meta.group(1);
    }

    public static String tokenFor(String username, String password) {
        return browser(login(username, password))
                .contentType(ContentType.JSON).body(Map.of("name", "tests"))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
    }

    /** Cached, but renewed when the application restarted with a clean database (another test profile ran). */
    public static synchronized String adminToken() {
        if (adminToken == null || as(adminToken).get("/api/me").statusCode() != 200) {
            adminToken = tokenFor(ADMIN, ADMIN_PASSWORD);
        }
        return adminToken;
    }

    /** A new user with the role; returns an API token for them. */
    public static User user(String role, String team) {
        String username = unique(role);
        Map<String, Object> body = team == null
                ? Map.of("username", username, "password", PASSWORD, "role", role)
                : Map.of("username", username, "password", PASSWORD, "role", role, "team", team);
        long id = as(adminToken()).contentType(ContentType.JSON).body(body)
                .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
        return new User(id, username, tokenFor(username, PASSWORD));
    }

    public static User labeler() {
        return user("labeler", null);
    }

    public static User modeler() {
        return user("modeler", unique("team"));
    }

    public record User(long id, String username, String token) {
    }

    public static long draftCampaign(User modeler, int overlap, Integer leaseSeconds) {
        Map<String, Object> body = leaseSeconds == null
                ? Map.of("name", unique("campaign"), "overlap", overlap)
                : Map.of("name", unique("campaign"), "overlap", overlap, "leaseSeconds", leaseSeconds);
        return as(modeler.token()).contentType(ContentType.JSON).body(body)
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static void uploadPrompts(User modeler, long campaign, int count) {
        String jsonl = IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\": \"p" + i + "\", \"prompt\": \"Question number " + i + "?\"}")
                .collect(Collectors.joining("\n"));
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
    }

    public static long candidateWithOutputs(User modeler, long campaign, int prompts, String style) {
        long candidate = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", unique(style), "kind", "UPLOADED_OUTPUTS"))
                .post("/api/candidates").then().statusCode(201).extract().jsonPath().getLong("id");
        String jsonl = IntStream.rangeClosed(1, prompts)
                .mapToObj(i -> "{\"prompt_id\": \"p" + i + "\", \"output\": \"" + style + " answer to " + i + "\"}")
                .collect(Collectors.joining("\n"));
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/candidates/" + candidate + "/campaigns/" + campaign + "/outputs").then().statusCode(201);
        return candidate;
    }

    /** An open pairwise campaign with {@code prompts} prompts and two candidates: {@code prompts} tasks. */
    public static long openCampaign(User modeler, int prompts, int overlap, Integer leaseSeconds) {
        long campaign = draftCampaign(modeler, overlap, leaseSeconds);
        uploadPrompts(modeler, campaign, prompts);
        candidateWithOutputs(modeler, campaign, prompts, "terse");
        candidateWithOutputs(modeler, campaign, prompts, "verbose");
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        return campaign;
    }

    /**
     * Sends a body of unknown length (chunked, no Content-Length), as a client streaming a file does; RestAssured
     * always declares the length.
     */
    public static java.net.http.HttpResponse<String> sendChunked(String token, String method, String path, String contentType,
                                                                 byte[] body) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(origin() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .timeout(java.time.Duration.ofMinutes(1))
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
        try {
            return client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
