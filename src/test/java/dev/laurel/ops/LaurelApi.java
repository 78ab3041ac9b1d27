package dev.laurel.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Laurel's REST API as a test client of a process started from the jar: plain {@code java.net.http}
 * (cheap per request, no global state, so many threads can talk to several processes at once).
 */
public final class LaurelApi {
    public static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final String baseUrl;

    public LaurelApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public LaurelApi(LaurelProcess process) {
        this(process.baseUrl());
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** What a browser on this process's pages names in {@code Origin}; cookie-authenticated changes need it. */
    private String origin() {
        URI uri = URI.create(baseUrl);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    public record User(long id, String username, String token) {
    }

    /** A response: status, body and headers. */
    public record Reply(int status, String body, Map<String, List<String>> headers) {
        public Reply(int status, String body) {
            this(status, body, Map.of());
        }

        /** The first value of a header, or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty())
                    .map(h -> h.getValue().get(0)).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }

        public Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
            }
            return this;
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Logs in with the form ({@code /j_security_check}) and returns the session cookie's value. */
    public String loginCookie(String username, String password) {
        String form = "j_username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/j_security_check"))
                .header("Origin", origin())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (response.statusCode() != 302) {
            throw new AssertionError("login of " + username + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("quarkus-credential="))
                .map(cookie -> cookie.substring("quarkus-credential=".length()).split(";", 2)[0])
                .findFirst().orElseThrow(() -> new AssertionError("login of " + username + " set no session cookie"));
    }

    /** An API token for the user (form login, then {@code POST /api/tokens}). */
    public String tokenFor(String username, String password) {
        String cookie = loginCookie(username, password);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/tokens"))
                .header("Cookie", "quarkus-credential=" + cookie)
                .header("Origin", origin())
                .header("X-CSRF-Token", csrfToken(cookie))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"it\"}")));
        return new Reply(response.statusCode(), response.body()).expect(201).json().path("token").asText();
    }

    /** A GET with nothing but the login cookie, as a browser (or someone who copied the cookie) sends it. */
    public Reply getWithCookie(String cookie, String path) {
        return reply(send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", "quarkus-credential=" + cookie).GET()));
    }

    /** The session's CSRF token, read from a page as the page's scripts read it (platform/CsrfTokens). */
    public String csrfToken(String cookie) {
        return dev.laurel.Fixtures.csrfTokenOf(getWithCookie(cookie, "/account").expect(200).body());
    }

    /** Logs out with the page's form: the session ends on the server. */
    public Reply logout(String cookie) {
        return reply(send(HttpRequest.newBuilder(URI.create(baseUrl + "/logout")).timeout(Duration.ofSeconds(30))
                .header("Cookie", "quarkus-credential=" + cookie).header("Origin", origin())
                .header("X-CSRF-Token", csrfToken(cookie))
                .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** A new user with the role, made by the admin; returns them with an API token made on this process. */
    public User user(String adminToken, String role, String team) {
        String username = unique(role);
        Map<String, Object> body = team == null
                ? Map.of("username", username, "password", PASSWORD, "role", role)
                : Map.of("username", username, "password", PASSWORD, "role", role, "team", team);
        long id = post(adminToken, "/api/users", body).expect(201).json().path("id").asLong();
        return new User(id, username, tokenFor(username, PASSWORD));
    }

    public Reply get(String token, String path) {
        return reply(send(request(token, path).GET()));
    }

    public Reply post(String token, String path, Object jsonBody) {
        HttpRequest.Builder request = request(token, path);
        if (jsonBody == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write(jsonBody)));
        }
        return reply(send(request));
    }

    public Reply put(String token, String path, Object jsonBody) {
        return reply(send(request(token, path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(jsonBody)))));
    }

    /** Uploads a text body ({@code application/jsonl}, {@code text/csv}). */
    public Reply upload(String token, String path, String contentType, String body) {
        return reply(send(request(token, path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))));
    }

    /** A download's bytes (a zip, a Parquet file), which {@link #get} would decode as text; fails unless 200. */
    public byte[] download(String token, String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request(token, path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static Reply reply(HttpResponse<String> response) {
        return new Reply(response.statusCode(), response.body(), response.headers().map());
    }

    private static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(request.build().method() + " " + request.build().uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
