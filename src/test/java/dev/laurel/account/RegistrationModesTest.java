package dev.laurel.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Mode open (the embedded and test default); {@link InviteRegistrationTest} and
 * {@link ApprovalRegistrationTest} run the other modes on their own application starts.
 */
@QuarkusTest
class RegistrationModesTest {

    static ExtractableResponse<Response> register(String username, String password, String invite) {
        var request = given().redirects().follow(false).formParam("username", username).formParam("password", password);
        if (invite != null) {
            request = request.formParam("invite", invite);
        }
        return request.post("/register").then().extract();
    }

    /** Form login's answer: 302 to the landing page on success, 303 to the error page otherwise. */
    static boolean canLogIn(String username, String password) {
        return Fixtures.browser().redirects().follow(false).formParam("j_username", username)
                .formParam("j_password", password).post("/j_security_check").statusCode() == 302;
    }

    @Test
    void openModeAsksForNoCodeAndTheAccountLogsInAtOnce() {
        given().get("/register").then().statusCode(200).body(not(containsString("name=\"invite\"")));
        String username = Fixtures.unique("open");
        ExtractableResponse<Response> answer = register(username, Fixtures.PASSWORD, null);
        assertEquals(303, answer.statusCode());
        assertEquals(true, canLogIn(username, Fixtures.PASSWORD));
    }

    @Test
    void aTakenUsernameIsAnsweredLikeAFreeOne() {
        Fixtures.User existing = Fixtures.labeler();
        ExtractableResponse<Response> taken = register(existing.username(), "an attacker's guess", null);
        ExtractableResponse<Response> free = register(Fixtures.unique("free"), "an attacker's guess", null);
        assertEquals(free.statusCode(), taken.statusCode());
        assertEquals(free.header("Location"), taken.header("Location"));
        assertEquals(free.body().asString(), taken.body().asString());
        assertEquals(false, canLogIn(existing.username(), "an attacker's guess"));
        assertEquals(true, canLogIn(existing.username(), Fixtures.PASSWORD));
    }

    @Test
    void malformedInputIsRefusedWithTheRule() {
        assertEquals(400, register("x", Fixtures.PASSWORD, null).statusCode());
        given().formParam("username", Fixtures.unique("short")).formParam("password", "short").post("/register")
                .then().statusCode(400).body(containsString("8 to 72 characters"));
    }
}
