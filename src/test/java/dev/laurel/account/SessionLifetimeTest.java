package dev.laurel.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session ends when unused for the idle timeout, and at its absolute lifetime however busy it is. */
@QuarkusTest
@TestProfile(SessionLifetimeTest.ShortSessions.class)
class SessionLifetimeTest {

    /** Seconds instead of hours, so the test waits a few seconds. */
    public static class ShortSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laurel.session.idle-timeout", "PT2S", "laurel.session.absolute-lifetime", "PT4S");
        }
    }

    private static int apiStatus(Fixtures.Session session) {
        return Fixtures.browser(session).get("/api/me").statusCode();
    }

    @Test
    void aBusySessionEndsAtItsAbsoluteLifetime() throws InterruptedException {
        Fixtures.User labeler = Fixtures.labeler();
        long start = System.nanoTime();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        long loggedIn = System.nanoTime();
        // the session began between start and loggedIn; used every 0.5 s, it is never idle for 2 s
        while (System.nanoTime() - start < 3_000_000_000L) {
            assertEquals(200, apiStatus(session), "a used session lives on before its lifetime");
            Thread.sleep(500);
        }
        while (System.nanoTime() - loggedIn < 4_300_000_000L) {
            apiStatus(session);
            Thread.sleep(500);
        }
        assertEquals(401, apiStatus(session));
    }

    @Test
    void anUnusedSessionEndsAfterTheIdleTimeout() throws InterruptedException {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        assertEquals(200, apiStatus(session));
        Thread.sleep(2_300);
        assertEquals(401, apiStatus(session));
    }
}
