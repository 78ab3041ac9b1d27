package dev.laurel.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.laurel.BehindProxyProfile;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Behind the TLS proxy (X-Forwarded-Proto trusted), https responses carry HSTS and plain http ones do not. */
@QuarkusTest
@TestProfile(BehindProxyProfile.class)
class StrictTransportTest {

    @Test
    void anHttpsRequestThroughTheProxyGetsHsts() {
        given().header("X-Forwarded-Proto", "https").get("/login").then().statusCode(200)
                .header(StrictTransport.HEADER, equalTo(StrictTransport.ONE_YEAR));
    }

    @Test
    void theLoginCookieIsSecureOverHttpsOnly() {
        // Quarkus 3.32.1 has no form-cookie 'secure' setting: the flag follows the request's (forwarded) scheme
        given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .header("Origin", "https://localhost") // X-Forwarded-Proto alone: the default https port
                .formParam("j_username", Fixtures.ADMIN).formParam("j_password", Fixtures.ADMIN_PASSWORD)
                .post("/j_security_check").then().statusCode(302)
                .header("Set-Cookie", allOf(containsString("quarkus-credential="), containsString("Secure")));
        Fixtures.browser().redirects().follow(false)
                .formParam("j_username", Fixtures.ADMIN).formParam("j_password", Fixtures.ADMIN_PASSWORD)
                .post("/j_security_check").then().statusCode(302)
                .header("Set-Cookie", allOf(containsString("quarkus-credential="), not(containsString("Secure"))));
    }

    @Test
    void aPlainHttpRequestDoesNot() {
        given().get("/login").then().statusCode(200).header(StrictTransport.HEADER, nullValue());
    }
}
