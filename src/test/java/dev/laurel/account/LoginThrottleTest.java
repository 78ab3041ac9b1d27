package dev.laurel.account;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Password guessing on the login form is throttled per account, with state in the database only:
 * "another pod" is just another request, since no process keeps any of it in memory.
 */
@QuarkusTest
class LoginThrottleTest {
    private static final String ACCOUNT_LOCKED = "Too many failed sign-ins for this account; try again in ";

    private final EntityManager em;
    private final java.util.Set<String> usernames = new java.util.HashSet<>();

    LoginThrottleTest(EntityManager em) {
        this.em = em;
    }

    /** The suite signs in from 127.0.0.1 throughout: our failures must not count against it afterwards. */
    @AfterEach
    void forgetOurFailures() {
        QuarkusTransaction.requiringNew().run(() -> em.createQuery("delete from LoginFailure f where f.username in ?1")
                .setParameter(1, usernames.stream().map(LoginThrottle::key).toList()).executeUpdate());
    }

    private ExtractableResponse<Response> signIn(String username, String password) {
        usernames.add(username);
        return Fixtures.browser().redirects().follow(false).accept(ContentType.HTML)
                .formParam("j_username", username).formParam("j_password", password)
                .post("/j_security_check").then().extract();
    }

    private void failFiveTimes(String username) {
        for (int i = 0; i < 5; i++) {
            ExtractableResponse<Response> wrong = signIn(username, "wrong password " + i);
            assertEquals(303, wrong.statusCode(), "attempt " + (i + 1) + " is an ordinary failure");
            assertEquals(true, wrong.header("Location").contains("/login?error=true"));
        }
    }

    /** What would happen after {@code duration}: the failures are made that much older, in the database. */
    private void letTimePass(String username, Duration duration) {
        QuarkusTransaction.requiringNew().run(() -> {
            @SuppressWarnings("unchecked")
            List<LoginFailure> failures = em.createQuery("from LoginFailure f where f.username = ?1")
                    .setParameter(1, LoginThrottle.key(username)).getResultList();
            failures.forEach(f -> f.attemptedAt = f.attemptedAt.minus(duration));
        });
    }

    private long unclearedFailures(String username) {
        return QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select count(f) from LoginFailure f where f.username = ?1 and f.clearedAt is null", Long.class)
                .setParameter(1, LoginThrottle.key(username)).getSingleResult());
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightPassword() {
        String username = Fixtures.labeler().username();
        failFiveTimes(username);

        ExtractableResponse<Response> locked = signIn(username, Fixtures.PASSWORD);
        assertEquals(429, locked.statusCode());
        long retryAfter = Long.parseLong(locked.header("Retry-After"));
        assertEquals(true, retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(true, locked.contentType().startsWith("text/html"));
        assertEquals(true, locked.body().asString().contains(ACCOUNT_LOCKED + "1 minute."), locked.body().asString());
        assertNull(locked.cookie("quarkus-credential"), "no session for a throttled attempt");
    }

    @Test
    void afterTheLockoutTheRightPasswordWorksAndStartsTheCountOver() {
        String username = Fixtures.labeler().username();
        failFiveTimes(username);
        assertEquals(429, signIn(username, Fixtures.PASSWORD).statusCode());

        // a wrong guess once the minute is over locks again, twice as long
        letTimePass(username, Duration.ofSeconds(61));
        assertEquals(303, signIn(username, "still wrong").statusCode());
        ExtractableResponse<Response> longer = signIn(username, Fixtures.PASSWORD);
        assertEquals(429, longer.statusCode());
        assertEquals(true, Long.parseLong(longer.header("Retry-After")) > 60);
        assertEquals(true, longer.body().asString().contains(ACCOUNT_LOCKED + "2 minutes."));

        letTimePass(username, Duration.ofSeconds(121));
        ExtractableResponse<Response> in = signIn(username, Fixtures.PASSWORD);
        assertEquals(302, in.statusCode());
        assertEquals(true, in.cookie("quarkus-credential") != null);
        assertEquals(0, unclearedFailures(username), "a success starts the count over");
        failFiveTimes(username); // four would already lock if the old failures still counted
        assertEquals(429, signIn(username, Fixtures.PASSWORD).statusCode());
    }

    @Test
    void anUnknownUsernameIsThrottledExactlyLikeAKnownOne() {
        String known = Fixtures.labeler().username();
        String unknown = Fixtures.unique("nobody");
        failFiveTimes(known);
        failFiveTimes(unknown);
        ExtractableResponse<Response> knownLocked = signIn(known, Fixtures.PASSWORD);
        ExtractableResponse<Response> unknownLocked = signIn(unknown, Fixtures.PASSWORD);
        assertEquals(429, unknownLocked.statusCode());
        assertEquals(knownLocked.body().asString(), unknownLocked.body().asString());
        assertEquals(knownLocked.contentType(), unknownLocked.contentType());
        assertEquals(true, unknownLocked.body().asString().contains(ACCOUNT_LOCKED + "1 minute."));
    }

    @Test
    void theCountIsCaseInsensitive() {
        String username = Fixtures.labeler().username();
        failFiveTimes(username.toUpperCase(java.util.Locale.ROOT));
        assertEquals(429, signIn(username, Fixtures.PASSWORD).statusCode());
    }

    @Test
    void aJsonClientGetsProblemJson() {
        String username = Fixtures.labeler().username();
        failFiveTimes(username);
        Fixtures.browser().redirects().follow(false).accept(ContentType.JSON)
                .formParam("j_username", username).formParam("j_password", Fixtures.PASSWORD)
                .post("/j_security_check")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .header("Set-Cookie", org.hamcrest.Matchers.nullValue())
                .body("status", equalTo(429))
                .body("detail", allOf(containsString(ACCOUNT_LOCKED), containsString("1 minute.")));
    }

    @Test
    void anUntrustedForwardedForHeaderIsNotTheClientAddress() {
        String username = Fixtures.unique("nobody");
        usernames.add(username);
        Fixtures.browser().redirects().follow(false).header("X-Forwarded-For", "203.0.113.77")
                .formParam("j_username", username).formParam("j_password", "wrong")
                .post("/j_security_check").then().statusCode(303);
        String recorded = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                        "select f.clientAddress from LoginFailure f where f.username = ?1", String.class)
                .setParameter(1, LoginThrottle.key(username)).getSingleResult());
        assertEquals(true, !recorded.equals("203.0.113.77"), "recorded " + recorded);
    }

    @Test
    void failuresAreRecordedInTheDatabaseAndOldOnesPruned() {
        String username = Fixtures.unique("nobody");
        signIn(username, "wrong");
        assertEquals(1, unclearedFailures(username));
        letTimePass(username, Duration.ofDays(2));
        io.quarkus.arc.Arc.container().instance(LoginThrottle.class).get().prune();
        assertEquals(0, unclearedFailures(username));
    }
}
