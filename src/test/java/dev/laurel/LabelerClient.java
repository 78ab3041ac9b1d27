package dev.laurel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A labeler's side of the task API over one keep-alive connection, for replays of thousands of
 * answers (RestAssured costs far more CPU per request).
 */
public final class LabelerClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String token;
    private final String base;

    public LabelerClient(String token, long campaign) {
        this.token = token;
        this.base = "http://localhost:" + RestAssured.port + "/api/campaigns/" + campaign + "/tasks/";
    }

    /** The leased task, or null when the queue had none (204). */
    public JsonNode next() throws Exception {
        HttpResponse<String> response = post("next", null);
        if (response.statusCode() == 204) {
            return null;
        }
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    public void skip(long taskId) throws Exception {
        HttpResponse<String> response = post(taskId + "/skip", null);
        assertEquals(204, response.statusCode(), response.body());
    }

    /** Answers with the JSON body given (e.g. {@code {"choice": "A"}} or {@code {"labels": ["yes"]}}). */
    public void answer(long taskId, Object body) throws Exception {
        HttpResponse<String> response = post(taskId + "/answer", JSON.writeValueAsString(body));
        assertEquals(201, response.statusCode(), response.body());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token);
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
