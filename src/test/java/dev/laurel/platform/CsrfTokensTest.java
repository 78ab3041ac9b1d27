package dev.laurel.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every change made with the session cookie carries the session's CSRF token, as a header (htmx, the pages' fetch)
 * or a form field (plain forms); API tokens need none. Each request here comes from Laurel's own origin, so only
 * the token decides.
 */
@QuarkusTest
class CsrfTokensTest {
    private static final String RELOAD = "reload the page and try again.";

    /** The cookie and Laurel's own Origin, without the token. */
    private static RequestSpecification cookieOnly(Fixtures.Session session) {
        return Fixtures.browser().cookie("quarkus-credential", session.cookie());
    }

    private static int tokens(Fixtures.Session session) {
        return Fixtures.browser(session).get("/api/tokens").then().statusCode(200).extract().path("size()");
    }

    private static String zoneOf(Fixtures.Session session) {
        return Fixtures.browser(session).get("/api/me/settings").then().statusCode(200).extract().path("timeZone");
    }

    @Test
    void aFormPostWithoutTheTokenIsRefusedAndChangesNothing() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        int before = tokens(session);

        cookieOnly(session).accept(ContentType.HTML).formParam("name", "forged").formParam("scope", "read")
                .post("/account/tokens").then().statusCode(403).contentType(ContentType.HTML)
                .body(containsString("data-testid=\"error\"")).body(containsString(RELOAD));
        cookieOnly(session).formParam("name", "forged").formParam("scope", "read").formParam("csrf-token", "")
                .post("/account/tokens").then().statusCode(403);
        cookieOnly(session).contentType(ContentType.JSON).body(Map.of("name", "forged")).post("/api/tokens")
                .then().statusCode(403).contentType(ProblemMapper.PROBLEM_JSON)
                .body("detail", equalTo("This change came without your login's security token (header X-CSRF-Token or"
                        + " form field csrf-token), so Laurel cannot tell it came from its own pages: " + RELOAD));

        assertEquals(before, tokens(session));
        // and the session itself is untouched: logout without the token ends nothing
        cookieOnly(session).redirects().follow(false).post("/logout").then().statusCode(403);
        Fixtures.browser(session).get("/api/me").then().statusCode(200);
    }

    @Test
    void anotherSessionsTokenIsRefused() {
        Fixtures.Session mine = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        Fixtures.Session theirs = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        assertNotEquals(mine.csrfToken(), theirs.csrfToken());
        String before = zoneOf(mine);
        int tokensBefore = tokens(mine);

        cookieOnly(mine).header("X-CSRF-Token", theirs.csrfToken()).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "Asia/Tokyo")).put("/api/me/settings").then().statusCode(403)
                .body("detail", containsString("the security token of another login"))
                .body("detail", containsString(RELOAD));
        cookieOnly(mine).formParam("name", "forged").formParam("scope", "read").formParam("csrf-token", theirs.csrfToken())
                .post("/account/tokens").then().statusCode(403);
        // the cookie itself is no token either
        cookieOnly(mine).header("X-CSRF-Token", mine.cookie()).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "Asia/Tokyo")).put("/api/me/settings").then().statusCode(403);

        assertEquals(before, zoneOf(mine));
        assertEquals(tokensBefore, tokens(mine));
    }

    @Test
    void theRightTokenInAFormFieldWorks() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        int before = tokens(session);
        // what the page's plain form sends: the field, no header
        String page = cookieOnly(session).accept(ContentType.HTML).formParam("name", "from the form")
                .formParam("scope", "read").formParam("csrf-token", session.csrfToken())
                .post("/account/tokens").then().statusCode(200).extract().asString();
        assertTrue(page.contains("from the form"), "the token was created");
        assertEquals(before + 1, tokens(session));
    }

    @Test
    void aMultipartFormCarriesTheTokenInAFieldToo() {
        Fixtures.Session session = Fixtures.login(Fixtures.modeler().username(), Fixtures.PASSWORD);
        byte[] incomplete = "prompt,chosen\nq,a\n".getBytes(StandardCharsets.UTF_8);
        cookieOnly(session).multiPart("file", "prefs.csv", incomplete, "text/csv")
                .post("/reward-models/jobs").then().statusCode(403).body(containsString(RELOAD));
        // with the field the form reaches the endpoint, which reads the same parsed form (and refuses the file)
        cookieOnly(session).multiPart("file", "prefs.csv", incomplete, "text/csv")
                .multiPart("csrf-token", session.csrfToken())
                .post("/reward-models/jobs").then().statusCode(400).body(containsString("rejected"));
    }

    @Test
    void htmxAndFetchSendTheHeader() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        int before = tokens(session);
        cookieOnly(session).header("X-CSRF-Token", session.csrfToken()).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "Asia/Tokyo")).put("/api/me/settings").then().statusCode(200);
        assertEquals("Asia/Tokyo", zoneOf(session));
        cookieOnly(session).header("X-CSRF-Token", session.csrfToken()).header("HX-Request", "true")
                .formParam("name", "from htmx").formParam("scope", "read").post("/account/tokens")
                .then().statusCode(200);
        assertEquals(before + 1, tokens(session));
    }

    @Test
    void anApiTokenNeedsNoCsrfToken() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.as(labeler.token()).contentType(ContentType.JSON).body(Map.of("timeZone", "Asia/Tokyo"))
                .put("/api/me/settings").then().statusCode(200).body("timeZone", equalTo("Asia/Tokyo"));
        // a script that also holds a cookie is still an API client when it sends its token
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.as(labeler.token()).cookie("quarkus-credential", session.cookie()).contentType(ContentType.JSON)
                .body(Map.of("timeZone", "Europe/Paris")).put("/api/me/settings").then().statusCode(200);
    }

    @Test
    void afterLogoutTheOldTokenIsUseless() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session before = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(before).redirects().follow(false).post("/logout").then().statusCode(303);

        // the ended session's own cookie and token: logged out
        cookieOnly(before).header("X-CSRF-Token", before.csrfToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "after logout")).post("/api/tokens").then().statusCode(401);
        // a new login of the same person has a token of its own
        Fixtures.Session after = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        assertNotEquals(before.csrfToken(), after.csrfToken());
        cookieOnly(after).header("X-CSRF-Token", before.csrfToken()).contentType(ContentType.JSON)
                .body(Map.of("name", "after logout")).post("/api/tokens").then().statusCode(403);
        assertEquals(1, tokens(after), "only the token Fixtures.labeler() made");
    }

    @Test
    void pagesCarryTheTokenInTheLayoutAndEveryPostForm() {
        Fixtures.Session session = Fixtures.login(Fixtures.labeler().username(), Fixtures.PASSWORD);
        String page = Fixtures.browser(session).accept(ContentType.HTML).get("/account/tokens").then().statusCode(200)
                .extract().asString();
        assertEquals(session.csrfToken(), Fixtures.csrfTokenOf(page));
        String field = "<input type=\"hidden\" name=\"csrf-token\" value=\"" + session.csrfToken() + "\">";
        int forms = page.split("<form method=\"post\"", -1).length - 1;
        assertTrue(forms >= 2, "the logout and token forms at least: " + forms);
        assertEquals(forms, page.split(java.util.regex.Pattern.quote(field), -1).length - 1, "one field per post form");
        assertTrue(!session.csrfToken().equals(session.cookie()) && !page.contains(session.cookie()),
                "the page shows nothing of the HttpOnly cookie");
        // no session, no token
        given().accept(ContentType.HTML).get("/login").then().statusCode(200)
                .body(containsString("<meta name=\"csrf-token\" content=\"\">"));
    }
}
