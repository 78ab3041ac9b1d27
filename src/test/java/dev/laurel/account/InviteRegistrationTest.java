package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static dev.laurel.account.RegistrationModesTest.canLogIn;
import static dev.laurel.account.RegistrationModesTest.register;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(InviteRegistrationTest.InviteMode.class)
class InviteRegistrationTest {

    public static class InviteMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laurel.registration.mode", "invite");
        }
    }

    private static io.restassured.path.json.JsonPath invite() {
        return as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("note", "for a friend"))
                .post("/api/invites").then().statusCode(201).body("code", startsWith("inv_")).extract().jsonPath();
    }

    private static String state(long id) {
        return as(Fixtures.adminToken()).get("/api/invites").then().statusCode(200)
                .extract().path("find { it.id == " + id + " }.state");
    }

    @Test
    void anInviteCodeIsNeededAndWorksOnce() {
        given().get("/register").then().statusCode(200).body(containsString("name=\"invite\""));
        String stranger = Fixtures.unique("stranger");
        register(stranger, Fixtures.PASSWORD, null).response().then().statusCode(400)
                .body(containsString("This invite code cannot be used"));
        assertEquals(false, canLogIn(stranger, Fixtures.PASSWORD));

        var invite = invite();
        String friend = Fixtures.unique("friend");
        assertEquals(303, register(friend, Fixtures.PASSWORD, invite.getString("code")).statusCode());
        assertEquals(true, canLogIn(friend, Fixtures.PASSWORD));
        assertEquals("used", state(invite.getLong("id")));

        String second = Fixtures.unique("second");
        register(second, Fixtures.PASSWORD, invite.getString("code")).response().then().statusCode(400)
                .body(containsString("This invite code cannot be used"));
        assertEquals(false, canLogIn(second, Fixtures.PASSWORD));
        // the list never shows a code again
        as(Fixtures.adminToken()).get("/api/invites").then().body("toString()",
                org.hamcrest.Matchers.not(containsString(invite.getString("code"))));
    }

    @Test
    void aTakenUsernameIsAnsweredLikeAFreeOneAndSpendsNoInvite() {
        Fixtures.User existing = Fixtures.labeler();
        var invite = invite();
        ExtractableResponse<Response> taken = register(existing.username(), "an attacker's guess", invite.getString("code"));
        assertEquals("unused", state(invite.getLong("id")));
        ExtractableResponse<Response> free = register(Fixtures.unique("free"), "an attacker's guess", invite.getString("code"));
        assertEquals(free.statusCode(), taken.statusCode());
        assertEquals(free.header("Location"), taken.header("Location"));
        assertEquals(free.body().asString(), taken.body().asString());
        assertEquals(false, canLogIn(existing.username(), "an attacker's guess"));
    }

    @Test
    void revokedAndExpiredInvitesAreRefused() {
        var revoked = invite();
        as(Fixtures.adminToken()).delete("/api/invites/" + revoked.getLong("id")).then().statusCode(204);
        assertEquals("revoked", state(revoked.getLong("id")));
        assertEquals(400, register(Fixtures.unique("late"), Fixtures.PASSWORD, revoked.getString("code")).statusCode());

        var expired = invite();
        QuarkusTransaction.requiringNew().run(() -> Invite.update("expiresAt = ?1 where id = ?2",
                Instant.now().minusSeconds(1), expired.getLong("id")));
        assertEquals(400, register(Fixtures.unique("late"), Fixtures.PASSWORD, expired.getString("code")).statusCode());
    }

    @Test
    void anAdminCreatesAnInviteOnTheRegistrationsPage() {
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        String page = Fixtures.browser(admin).accept(ContentType.HTML).formParam("note", "page invite").formParam("days", "3")
                .post("/admin/registrations/invites").then().statusCode(200).extract().body().asString();
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("data-testid=\"new-invite\">(inv_[A-Za-z0-9_-]+)<").matcher(page);
        org.junit.jupiter.api.Assertions.assertTrue(code.find(), page);
        String friend = Fixtures.unique("paged");
        assertEquals(303, register(friend, Fixtures.PASSWORD, code.group(1)).statusCode());
        assertEquals(true, canLogIn(friend, Fixtures.PASSWORD));
        Fixtures.browser(admin).accept(ContentType.HTML).get("/admin/registrations").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString(code.group(1))));
    }

    @Test
    void onlyAdminsHandOutInvites() {
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of()).post("/api/invites").then().statusCode(403)
                .body("detail", equalTo("Your role does not allow this."));
        as(labeler.token()).get("/api/invites").then().statusCode(403);
    }
}
