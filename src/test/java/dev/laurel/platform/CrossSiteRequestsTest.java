package dev.laurel.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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

    private static String zoneOf(String cookie) {
        return Fixtures.browser(cookie).get("/api/me/settings").then().statusCode(200).extract().path("timeZone");
    }

    @Test
    void aCookieChangeFromAnotherSiteIsRefusedAndChangesNothing() {
        Fixtures.User labeler = Fixtures.labeler();
        String cookie = Fixtures.loginCookie(labeler.username(), Fixtures.PASSWORD);
        String before = zoneOf(cookie);

        given().cookie("quarkus-credential", cookie).header("Origin", EVIL).contentType(ContentType.JSON)
                .body(zone("Asia/Tokyo")).put("/api/me/settings")
                .then().statusCode(403).contentType(ProblemMapper.PROBLEM_JSON)
                .body("detail", equalTo("This request came from another site (Origin " + EVIL + "); " + REFUSED));
        int tokens = Fixtures.browser(cookie).get("/api/tokens").then().statusCode(200).extract().path("size()");
        given().cookie("quarkus-credential", cookie).header("Origin", EVIL).contentType(ContentType.JSON)
                .body(Map.of("name", "stolen")).post("/api/tokens").then().statusCode(403);

        org.junit.jupiter.api.Assertions.assertEquals(before, zoneOf(cookie));
        Fixtures.browser(cookie).get("/api/tokens").then().statusCode(200).body("size()", equalTo(tokens));
    }

    @Test
    void aCookieChangeFromLaurelsOwnPageWorks() {
        String cookie = Fixtures.loginCookie(Fixtures.labeler().username(), Fixtures.PASSWORD);
        Fixtures.browser(cookie).contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings")
                .then().statusCode(200).body("timeZone", equalTo("Asia/Tokyo"));
        // an older browser names the page in Referer only; the default port written out is the same origin
        given().cookie("quarkus-credential", cookie).header("Referer", Fixtures.origin() + "/account/tokens?x=1")
                .contentType(ContentType.JSON).body(zone("Europe/Paris")).put("/api/me/settings")
                .then().statusCode(200);
        org.junit.jupiter.api.Assertions.assertEquals("Europe/Paris", zoneOf(cookie));
    }

    @Test
    void aCookieChangeNamingNoSiteIsRefused() {
        String cookie = Fixtures.loginCookie(Fixtures.labeler().username(), Fixtures.PASSWORD);
        given().cookie("quarkus-credential", cookie).contentType(ContentType.JSON).body(zone("Asia/Tokyo"))
                .put("/api/me/settings").then().statusCode(403)
                .body("detail", equalTo("This request came from another site (it named none); " + REFUSED));
        given().cookie("quarkus-credential", cookie).header("Origin", "null").contentType(ContentType.JSON)
                .body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
        given().cookie("quarkus-credential", cookie).header("Referer", EVIL + "/page").contentType(ContentType.JSON)
                .body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403)
                .body("detail", containsString("(Referer " + EVIL + ")"));
        // Origin decides when present: a same-site Referer cannot vouch for a foreign Origin
        given().cookie("quarkus-credential", cookie).header("Origin", EVIL).header("Referer", Fixtures.origin() + "/")
                .contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
        // credentials a browser attaches by itself (a proxy's Basic password) do not make it an API client
        given().cookie("quarkus-credential", cookie).header("Origin", EVIL).header("Authorization", "Basic Zm9vOmJhcg==")
                .contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
        // another port of the same host is another origin
        given().cookie("quarkus-credential", cookie).header("Origin", "http://localhost:1")
                .contentType(ContentType.JSON).body(zone("Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);
    }

    @Test
    void aBrowserIsShownTheErrorPage() {
        String cookie = Fixtures.loginCookie(Fixtures.labeler().username(), Fixtures.PASSWORD);
        given().cookie("quarkus-credential", cookie).header("Origin", EVIL).accept(ContentType.HTML).redirects().follow(false)
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
        String cookie = Fixtures.loginCookie(Fixtures.labeler().username(), Fixtures.PASSWORD);
        given().cookie("quarkus-credential", cookie).header("Origin", EVIL).get("/api/me").then().statusCode(200);
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
