package dev.laurel.account;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.BehindProxyProfile;
import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Budgets from platform/RateLimits at the edges they guard (this profile: 5 registrations per address
 * an hour, 30 API requests per token a minute). Behind the proxy profile each test is an address of its own.
 */
@QuarkusTest
@TestProfile(BehindProxyProfile.class)
class RateLimitedRequestsTest {

    @Test
    void aBurstOfSockPuppetRegistrationsFromOneAddressIsThrottled() {
        String address = randomDocumentationAddress();
        String prefix = Fixtures.unique("puppet");
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 20; i++) {
            Response answer = register(address, prefix + "-" + i);
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429 && refused == null) {
                refused = answer;
            }
        }
        assertEquals(List.of(303, 303, 303, 303, 303), statuses.subList(0, 5), statuses.toString());
        assertTrue(statuses.subList(5, 20).stream().allMatch(status -> status == 429), statuses.toString());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
        assertTrue(refused.body().asString().contains("Too many registrations from your network address"), refused.body().asString());
        assertTrue(RegistrationModesTest.canLogIn(prefix + "-4", Fixtures.PASSWORD), "the fifth was created");
        assertTrue(!RegistrationModesTest.canLogIn(prefix + "-5", Fixtures.PASSWORD), "the sixth was not");
        assertEquals(303, register(randomDocumentationAddress(), prefix + "-elsewhere").statusCode(),
                "another address has its own budget");
    }

    @Test
    void anApiTokenOverItsBudgetGets429WithRetryAfterAndOtherTokensAreUnaffected() {
        Fixtures.User labeler = Fixtures.labeler();
        Response refused = null;
        int allowed = 0;
        for (int i = 0; i < 70 && refused == null; i++) { // a minute's window may turn once during the loop
            Response answer = Fixtures.as(labeler.token()).get("/api/me");
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertEquals(200, answer.statusCode());
                allowed++;
            }
        }
        assertTrue(refused != null, "no 429 after " + allowed + " requests on a budget of 30 a minute");
        assertTrue(allowed >= 30 && allowed < 60, allowed + " requests allowed");
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertTrue(refused.jsonPath().getString("detail").contains("at most 30 per minute"), refused.body().asString());
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(200, Fixtures.as(Fixtures.labeler().token()).get("/api/me").statusCode(), "another token has its own budget");
    }

    private static Response register(String address, String username) {
        return given().redirects().follow(false).header("X-Forwarded-For", address)
                .formParam("username", username).formParam("password", Fixtures.PASSWORD).post("/register");
    }

    /** An address of 2001:db8::/32 (documentation), new on every run: budgets outlive a test run by an hour. */
    private static String randomDocumentationAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + ":" + Integer.toHexString(random.nextInt(0x10000))
                + "::" + Integer.toHexString(1 + random.nextInt(0xfffe));
    }
}
