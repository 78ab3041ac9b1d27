package dev.laurel.platform;

import static io.restassured.RestAssured.given;

import dev.laurel.BehindProxyProfile;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind the TLS proxy (X-Forwarded-* trusted) Laurel's own origin is the public one the proxy forwards, and
 * laurel.http.allowed-origins adds others.
 */
@QuarkusTest
@TestProfile(BehindProxyProfile.class)
class CrossSiteRequestsBehindProxyTest {

    private static RequestSpecification settingsChange(Fixtures.Session session, String origin) {
        return given().cookie("quarkus-credential", session.cookie()).header("X-CSRF-Token", session.csrfToken())
                .header("Origin", origin)
                .contentType(ContentType.JSON).body(Map.of("timeZone", "Asia/Tokyo"));
    }

    @Test
    void theOriginIsTheOneTheProxyForwards() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        settingsChange(session, "https://labels.example.org")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "labels.example.org")
                .put("/api/me/settings").then().statusCode(200);
        // the pod's own address is not what the browser saw
        settingsChange(session, Fixtures.origin())
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "labels.example.org")
                .put("/api/me/settings").then().statusCode(403);
        settingsChange(session, "http://labels.example.org")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "labels.example.org")
                .put("/api/me/settings").then().statusCode(403);
        // X-Forwarded-Proto alone: the Host header's name on the scheme's default port, as the proxy listens
        settingsChange(session, "https://localhost")
                .header("X-Forwarded-Proto", "https").put("/api/me/settings").then().statusCode(200);
        settingsChange(session, "https://localhost:8443").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "8443").put("/api/me/settings").then().statusCode(200);
    }

    @Test
    void anAllowedOriginMaySendChanges() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        settingsChange(session, BehindProxyProfile.ALLOWED_ORIGIN).put("/api/me/settings").then().statusCode(200);
        settingsChange(session, BehindProxyProfile.ALLOWED_ORIGIN + ":443").put("/api/me/settings").then().statusCode(200);
        settingsChange(session, "https://evil.example.com").put("/api/me/settings").then().statusCode(403);
    }
}
