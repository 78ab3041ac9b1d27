package dev.laurel.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Changes made with the session cookie must come from Laurel's own pages; API tokens and reads are not checked. */
@QuarkusTest
class CrossSiteRequestsTest {
    private static final String EVIL = "https://evil.example";
    private static final String REFUSED = "Laurel accepts changes only from its own pages.";

    private static Map<String, String> zone(String zone) {
        return Map.of("timeZone", zone);
    }

    /** The session's cookie and CSRF token, naming no page: whatever Origin or Referer the test adds decides. */
    private static RequestSpecification withSession(Fixtures.Session session) {
        return given().cookie("quarkus-credential", session.cookie()).header("X-CSRF-Token", session.csrfToken());
    }

    private static String zoneOf(Fixtures.Session session) {
        return Fixtures.browser(session).get("/api/me/settings").then().statusCode(200).extract().path("timeZone");
    }

    @Test
    void aCookieChangeFromAnotherSiteIsRefusedAndChangesNothing() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String before = zoneOf(session);

        withSession(session).header("Origin", EVIL).contentType(ContentType.JSON)
                .body(zone("Asia/Tokyo")).put("/api/me/settings")
                .then().statusCode(403).contentType(ProblemMapper.PROBLEM_JSON)
                .body("detail", equalTo("This request came from another site (Origin " + EVIL + "); " + REFUSED));
        int tokens = Fixtures.browser(session).get("/api/tokens").then().statusCode(200).extract().path("size()");
        withSession(session).header("Origin", EVIL).contentType(ContentType.JSON)
                .body(Map.of("name", "stolen")).post("/api/tokens").then().statusCode(403);

        org.junit.jupiter.api.Assertions.assertEquals(before, zoneOf(session));
        Fixtures.browser(session).get("/api/tokens").then().statusCode(200).body("size()", equalTo(tokens));
    }

    @Test
    void aCookieChangeFromLaurelsOwnPageWorks() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        Fixtures.browser(session).contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings")
                .then().statusCode(200).body("timeZone", equalTo("Asia/Tokyo"));
        // an older browser names the page in Referer only; the default port written out is the same origin
        withSession(session).header("Referer", Fixtures.origin() + "/account/tokens?x=1")
                .contentType(ContentType.JSON).body(zone("Europe/Paris")).put("/api/me/settings")
                .then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals("Europe/Paris", zoneOf(session));
    }

    @Test
    void aCookieChangeNamingNoSiteIsRefused() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        withSession(session).contentType(ContentType.JSON).body(zone("Asia/Tokyo"))
                .put("/api/me/settings").then().statusCode(403)
                .body("detail", equalTo("This request came from another site (it named none); " + REFUSED));
        withSession(session).header("Origin", "null").contentType(ContentType.JSON)
                .body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
        withSession(session).header("Referer", EVIL + "/page").contentType(ContentType.JSON)
                .body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403)
                .body("detail", containsString("(Referer " + EVIL + ")"));
        // Origin decides when present: a same-site Referer cannot vouch for a foreign Origin
        withSession(session).header("Origin", EVIL).header("Referer", Fixtures.origin() + "/")
                .contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
        // credentials a browser attaches by itself (a proxy's Basic password) do not make it an API client
        withSession(session).header("Origin", EVIL).header("Authorization", "Basic Zm9vOmJhcg==")
                .contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
        // another port of the same host is another origin
        withSession(session).header("Origin", "http://localhost:1")
                .contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
    }

    @Test
    void aBrowserIsShownTheErrorPage() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        withSession(session).header("Origin", EVIL).accept(ContentType.HTML).redirects().follow(false)
                .post("/logout").then().statusCode(403).contentType(ContentType.HTML)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("data-testid=\"error\"")).body(containsString(REFUSED))
                .header("Set-Cookie", nullValue());
    }

    @Test
    void anApiTokenClientIsNotAskedWhereItComesFrom() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.as(labeler.token()).header("Origin", EVIL).contentType(ContentType.JSON).body(zone("Asia/Tokyo"))
                .put("/api/me/settings").then().statusCode(200).body("timeZone", equalTo("Asia/Tokyo"));
        Fixtures.as(labeler.token()).contentType(ContentType.JSON).body(zone("Europe/Paris"))
                .put("/api/me/settings").then().statusCode(200);
    }

    @Test
    void readsAndRequestsWithoutTheSessionCookieAreNotChecked() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        withSession(session).header("Origin", EVIL).get("/api/me").then().statusCode(200);
        // not authenticated by a cookie: the endpoint's own login check answers
        given().header("Origin", EVIL).contentType(ContentType.JSON).body(Map.of("name", "x")).post("/api/tokens")
                .then().statusCode(401);
    }

    @Test
    void aLoginFromAnotherSiteIsRefused() {
        Fixtures.User labeler = Fixtures.labeler();
        given().redirects().follow(false).header("Origin", EVIL)
                .formParam("j_username", labeler.username()).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check").then().statusCode(403).header("Set-Cookie", nullValue());
        given().redirects().follow(false)
                .formParam("j_username", labeler.username()).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check").then().statusCode(403).header("Set-Cookie", nullValue());
        // the login page's own form (an older browser: Referer only) signs in
        given().redirects().follow(false).header("Referer", Fixtures.origin() + "/login")
                .formParam("j_username", labeler.username()).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check").then().statusCode(302).header("Set-Cookie", containsString("quarkus-credential="));
    }
}
