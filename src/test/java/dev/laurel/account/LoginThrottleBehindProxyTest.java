package dev.laurel.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import dev.laurel.BehindProxyProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Behind the proxy (X-Forwarded-For trusted) one client address may fail 50 times per window across
 * usernames, then every attempt from it is refused, even a right password. The addresses are made up,
 * so 127.0.0.1 (the rest of the suite) is untouched.
 */
@QuarkusTest
@TestProfile(BehindProxyProfile.class)
class LoginThrottleBehindProxyTest {

    private static ExtractableResponse<Response> signIn(String address, String username, String password, ContentType accept) {
        return Fixtures.browser().redirects().follow(false).accept(accept).header("X-Forwarded-For", address)
                .formParam("j_username", username).formParam("j_password", password)
                .post("/j_security_check").then().extract();
    }

    @Test
    void oneAddressFailingAcrossManyUsernamesIsRefused() {
        String stuffer = "198.51.100." + (1 + new java.util.Random().nextInt(250));
        Fixtures.User victim = Fixtures.labeler();
        for (int i = 0; i < 50; i++) {
            assertEquals(303, signIn(stuffer, Fixtures.unique("stuffed"), "guess", ContentType.HTML).statusCode(),
                    "failure " + (i + 1) + " is ordinary");
        }
        ExtractableResponse<Response> refused = signIn(stuffer, victim.username(), Fixtures.PASSWORD, ContentType.HTML);
        assertEquals(429, refused.statusCode());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertEquals(true, retryAfter > 14 * 60 && retryAfter <= 15 * 60, "Retry-After " + retryAfter);
        assertEquals(true, refused.body().asString().contains(
                "Too many failed sign-ins from your network address; try again in 15 minutes."), refused.body().asString());
        assertEquals(429, signIn(stuffer, victim.username(), Fixtures.PASSWORD, ContentType.JSON).statusCode());

        // another address, and the victim's account itself, are not affected
        assertEquals(302, signIn("192.0.2.10", victim.username(), Fixtures.PASSWORD, ContentType.HTML).statusCode());
    }
}
