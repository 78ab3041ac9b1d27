package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

    @Test
    void apiWithoutCredentialsIsUnauthorizedAsProblemJson() {
        given().get("/api/campaigns").then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", containsString("API token"));
    }

    @Test
    void browserPageWithoutLoginRedirectsToLoginPage() {
        given().redirects().follow(false).accept(ContentType.HTML).get("/campaigns")
                .then().statusCode(303).header("Location", containsString("/login"));
    }

    @Test
    void wrongPasswordIsRejectedByFormLogin() {
        Fixtures.browser().redirects().follow(false).formParam("j_username", Fixtures.ADMIN).formParam("j_password", "nope")
                .post("/j_security_check").then().statusCode(303).header("Location", containsString("/login?error=true"));
    }

    @Test
    void tokenIsShownOnceStoredHashedAndRevocable() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        var created = Fixtures.browser(session).contentType(ContentType.JSON)
                .body(Map.of("name", "script")).post("/api/tokens")
                .then().statusCode(201).body("token", startsWith("lrl_")).extract().jsonPath();
        String token = created.getString("token");
        long id = created.getLong("id");

        as(token).get("/api/me").then().statusCode(200).body("username", equalTo(labeler.username()))
                .body("role", equalTo("labeler"));
        // listed without the secret, only its prefix
        as(token).get("/api/tokens").then().statusCode(200)
                .body("name", hasItem("script"))
                .body("toString()", not(containsString(token)));
        ApiToken stored = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> ApiToken.findById(id));
        assertNotEquals(token, stored.tokenHash);
        assertEquals(64, stored.tokenHash.length());

        as(token).delete("/api/tokens/" + id).then().statusCode(204);
        as(token).get("/api/me").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void randomTokensAreRejected() {
        as("lrl_notarealtoken").get("/api/me").then().statusCode(401);
    }

    @Test
    void someoneElsesTokenCannotBeRevoked() {
        Fixtures.User first = Fixtures.labeler();
        Fixtures.User second = Fixtures.labeler();
        long id = as(first.token()).get("/api/tokens").then().extract().jsonPath().getLong("[0].id");
        as(second.token()).delete("/api/tokens/" + id).then().statusCode(404).body("detail", containsString("no API token"));
        as(first.token()).get("/api/me").then().statusCode(200);
    }

    @Test
    void onlyAdminsCreateUsers() {
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).contentType(ContentType.JSON)
                .body(Map.of("username", Fixtures.unique("x"), "password", Fixtures.PASSWORD, "role", "admin"))
                .post("/api/users").then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("Your role does not allow this."));
    }

    @Test
    void badUserInputGetsReadableErrors() {
        String admin = Fixtures.adminToken();
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("username", Fixtures.unique("u"), "password", "short", "role", "labeler"))
                .post("/api/users").then().statusCode(400).body("detail", containsString("8 to 72 characters"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("username", Fixtures.unique("u"), "password", Fixtures.PASSWORD, "role", "king"))
                .post("/api/users").then().statusCode(400).body("detail", containsString("labeler, modeler, admin"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("username", Fixtures.unique("u"), "password", Fixtures.PASSWORD, "role", "modeler"))
                .post("/api/users").then().statusCode(400).body("detail", containsString("team"));
        as(admin).contentType(ContentType.JSON).body(Map.of("password", Fixtures.PASSWORD))
                .post("/api/users").then().statusCode(400).body("errors", hasItem(containsString("username")));
        as(admin).contentType(ContentType.JSON).body("{\"username\": ")
                .post("/api/users").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("username", Fixtures.ADMIN, "password", Fixtures.PASSWORD, "role", "labeler"))
                .post("/api/users").then().statusCode(409).body("detail", containsString("taken"));
    }

    @Test
    void labelerRegistersInTheBrowserAndLogsIn() {
        String username = Fixtures.unique("reg");
        given().redirects().follow(false).formParam("username", username).formParam("password", Fixtures.PASSWORD)
                .post("/register").then().statusCode(303).header("Location", containsString("registered"));
        Fixtures.Session session = Fixtures.login(username, Fixtures.PASSWORD);
        Fixtures.browser(session).get("/api/me").then().statusCode(200).body("role", equalTo("labeler"));
        // registering the same name again is answered like the first time, and changes nothing
        given().redirects().follow(false).formParam("username", username).formParam("password", "another password")
                .post("/register").then().statusCode(303).header("Location", containsString("registered"));
        Fixtures.login(username, Fixtures.PASSWORD);
    }

    @Test
    void registerDoesNotRevealWhetherAUsernameExists() {
        // a taken name gets exactly the answer a free one gets (status, redirect, body)
        Fixtures.User existing = Fixtures.labeler();
        var taken = given().redirects().follow(false).formParam("username", existing.username())
                .formParam("password", "the newcomer's password").post("/register").then().extract();
        var free = given().redirects().follow(false).formParam("username", Fixtures.unique("free"))
                .formParam("password", Fixtures.PASSWORD).post("/register").then().extract();
        assertEquals(free.statusCode(), taken.statusCode());
        assertEquals(free.header("Location"), taken.header("Location"));
        assertEquals(free.body().asString(), taken.body().asString());
        // and the taken account is untouched: its own password still works, the newcomer's does not
        Fixtures.login(existing.username(), Fixtures.PASSWORD);
        Fixtures.browser().redirects().follow(false).formParam("j_username", existing.username())
                .formParam("j_password", "the newcomer's password").post("/j_security_check")
                .then().header("Location", containsString("error=true"));
    }

    @Test
    void aBrowserGetsErrorsAsAPageNotJson() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).accept(ContentType.HTML).get("/campaigns/987654321")
                .then().statusCode(403).contentType(ContentType.HTML)
                .body(containsString("Your role does not allow this."))
                .body(containsString(labeler.username()));
    }
}
