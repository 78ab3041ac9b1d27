package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A login cookie names a server-side session: whatever ends the session (logout, log out everywhere, a new
 * password, an admin disabling the user) refuses every copy of the cookie at once.
 */
@QuarkusTest
class SessionRevocationTest {
    private static final String NEW_PASSWORD = "a much better passphrase";

    /** A request with nothing but the (copied) cookie, as an attacker holding it would send it. */
    private static int apiStatus(String cookie) {
        return given().cookie(LoginSessions.COOKIE, cookie).get("/api/me").statusCode();
    }

    @Test
    void theCookieIsAnOpaqueSecretNotTheSessionRow() {
        Fixtures.User labeler = Fixtures.labeler();
        var login = Fixtures.browser().redirects().follow(false)
                .formParam("j_username", labeler.username()).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check").then().statusCode(302).extract();
        String setCookie = login.header("Set-Cookie");
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains("Max-Age") || setCookie.contains("Expires"), "ends with the browser: " + setCookie);
        String cookie = login.cookie(LoginSessions.COOKIE);
        assertEquals(43, cookie.length(), "256 random bits, base64url");
        String hash = Accounts.sha256(cookie);
        LoginSession stored = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> LoginSession.<LoginSession>find("tokenHash", hash).firstResult());
        assertEquals(labeler.id(), stored.userId);
        assertNotEquals(cookie, stored.tokenHash);
        given().cookie(LoginSessions.COOKIE, cookie).get("/api/me").then().statusCode(200)
                .body("username", equalTo(labeler.username()));
        assertEquals(401, apiStatus(cookie.substring(1) + "A"), "a made-up cookie logs no one in");
    }

    @Test
    void aCopiedCookieIsRefusedAfterLogout() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String copy = session.cookie();
        assertEquals(200, apiStatus(copy));

        Fixtures.browser(session).redirects().follow(false).post("/logout").then().statusCode(303)
                .header("Location", containsString("/login"));

        assertEquals(401, apiStatus(copy));
        given().cookie(LoginSessions.COOKIE, copy).accept(ContentType.HTML).redirects().follow(false).get("/campaigns")
                .then().statusCode(303).header("Location", containsString("/login"));
    }

    @Test
    void aSessionEndedByAnotherProcessIsRefusedHereWithinSeconds() throws InterruptedException {
        Fixtures.User labeler = Fixtures.labeler();
        String cookie = Fixtures.login(labeler.username(), Fixtures.PASSWORD).cookie();
        assertEquals(200, apiStatus(cookie)); // now in this process' cache
        String hash = Accounts.sha256(cookie);
        // what a logout on another pod writes: the revoked row, and the key every process drops from its cache
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            var em = LoginSession.getEntityManager();
            em.createNativeQuery("update login_session set revoked_at = current_timestamp where token_hash = ?1")
                    .setParameter(1, hash).executeUpdate();
            em.createNativeQuery("insert into cache_invalidation (cache_name, cache_key, created_at)"
                    + " values ('login-sessions', ?1, current_timestamp)").setParameter(1, hash).executeUpdate();
        });
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (apiStatus(cookie) == 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(401, apiStatus(cookie), "refused once the invalidation is polled (every second), not after the cache's 10 minutes");
    }

    @Test
    void logOutEverywhereEndsEverySession() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session here = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.Session elsewhere = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.User other = Fixtures.labeler();
        Fixtures.Session someoneElse = Fixtures.login(other.username(), Fixtures.PASSWORD);
        String page = Fixtures.browser(here).accept(ContentType.HTML).get("/account").then().statusCode(200)
                .extract().asString();
        // Fixtures.labeler() logged in once too, to create the user's API token
        assertEquals(3, page.split("data-testid=\"session\"", -1).length - 1, "every session is listed");
        assertEquals(1, page.split("this browser", -1).length - 1, "this browser's session is marked");

        Fixtures.browser(here).redirects().follow(false).post("/account/logout-everywhere").then().statusCode(303)
                .header("Location", containsString("/login"));

        assertEquals(401, apiStatus(here.cookie()));
        assertEquals(401, apiStatus(elsewhere.cookie()));
        assertEquals(200, apiStatus(someoneElse.cookie()), "another user's session is not touched");
        as(labeler.token()).get("/api/me").then().statusCode(200); // API tokens are separate credentials
    }

    @Test
    void aNewPasswordEndsEveryOtherSessionAndTheOldPasswordStopsWorking() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session here = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.Session stolen = Fixtures.login(labeler.username(), Fixtures.PASSWORD);

        Fixtures.browser(here).accept(ContentType.HTML)
                .formParam("current", "not my password").formParam("password", NEW_PASSWORD)
                .post("/account/password").then().statusCode(400)
                .body(containsString("Your current password is not right"));
        assertEquals(200, apiStatus(stolen.cookie()), "a refused change ends nothing");

        Fixtures.browser(here).accept(ContentType.HTML)
                .formParam("current", Fixtures.PASSWORD).formParam("password", NEW_PASSWORD)
                .post("/account/password").then().statusCode(200)
                .body(containsString("every other session is logged out"));

        assertEquals(200, apiStatus(here.cookie()), "the browser that changed it stays logged in");
        assertEquals(401, apiStatus(stolen.cookie()));
        Fixtures.browser().redirects().follow(false)
                .formParam("j_username", labeler.username()).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check").then().statusCode(303).header("Location", containsString("/login?error=true"));
        assertEquals(200, apiStatus(Fixtures.login(labeler.username(), NEW_PASSWORD).cookie()));
    }

    @Test
    void thePasswordApiChecksTheCurrentPasswordAndEndsEverySession() {
        Fixtures.User labeler = Fixtures.labeler();
        String cookie = Fixtures.login(labeler.username(), Fixtures.PASSWORD).cookie();
        as(labeler.token()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", "short"))
                .post("/api/me/password").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("8 to 72 characters"));
        assertEquals(200, apiStatus(cookie));
        as(labeler.token()).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", NEW_PASSWORD))
                .post("/api/me/password").then().statusCode(204);
        assertEquals(401, apiStatus(cookie));
        as(labeler.token()).get("/api/me").then().statusCode(200);
    }

    @Test
    void disablingAUserRefusesTheirCookieTokenAndLoginAtOnce() {
        Fixtures.User labeler = Fixtures.labeler();
        String cookie = Fixtures.login(labeler.username(), Fixtures.PASSWORD).cookie();
        assertEquals(200, apiStatus(cookie));
        as(labeler.token()).get("/api/me").then().statusCode(200);

        as(labeler.token()).post("/api/users/" + labeler.id() + "/disable").then().statusCode(403);
        as(Fixtures.adminToken()).post("/api/users/" + labeler.id() + "/disable").then().statusCode(200)
                .body("disabled", equalTo(true)).body("username", equalTo(labeler.username()));

        assertEquals(401, apiStatus(cookie));
        as(labeler.token()).get("/api/me").then().statusCode(401).contentType("application/problem+json");
        // the same answer as a wrong password: the form does not tell who is disabled
        Fixtures.browser().redirects().follow(false)
                .formParam("j_username", labeler.username()).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check").then().statusCode(303).header("Location", containsString("/login?error=true"))
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue());

        as(Fixtures.adminToken()).post("/api/users/" + labeler.id() + "/enable").then().statusCode(200)
                .body("disabled", equalTo(false));
        assertEquals(401, apiStatus(cookie), "enabling does not bring ended sessions back");
        as(labeler.token()).get("/api/me").then().statusCode(200);
        assertEquals(200, apiStatus(Fixtures.login(labeler.username(), Fixtures.PASSWORD).cookie()));
    }

    @Test
    void disableMistakesAreExplained() {
        long adminId = as(Fixtures.adminToken()).get("/api/me").then().extract().jsonPath().getLong("id");
        as(Fixtures.adminToken()).post("/api/users/" + adminId + "/disable").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("your own account"));
        as(Fixtures.adminToken()).post("/api/users/987654321/disable").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no user 987654321"));
    }
}
