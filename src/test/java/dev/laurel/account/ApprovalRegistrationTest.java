package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static dev.laurel.account.RegistrationModesTest.canLogIn;
import static dev.laurel.account.RegistrationModesTest.register;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ApprovalRegistrationTest.ApprovalMode.class)
class ApprovalRegistrationTest {

    public static class ApprovalMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laurel.registration.mode", "approval");
        }
    }

    private static long pendingId(String username) {
        return as(Fixtures.adminToken()).get("/api/registrations/pending").then().statusCode(200)
                .extract().jsonPath().getLong("find { it.username == '" + username + "' }.id");
    }

    @Test
    void aPendingAccountCannotLogInUntilApproved() {
        String username = Fixtures.unique("hopeful");
        register(username, Fixtures.PASSWORD, null).response().then().statusCode(200)
                .body(containsString("waits for an admin's approval"));
        assertEquals(false, canLogIn(username, Fixtures.PASSWORD));

        as(Fixtures.adminToken()).post("/api/registrations/" + pendingId(username) + "/approve").then().statusCode(200)
                .body("username", equalTo(username)).body("role", equalTo("labeler"));
        assertEquals(true, canLogIn(username, Fixtures.PASSWORD));
        as(Fixtures.adminToken()).get("/api/registrations/pending").then().body("username", not(hasItem(username)));
    }

    @Test
    void aRejectedRegistrationNeverLogsIn() {
        String username = Fixtures.unique("spammer");
        register(username, Fixtures.PASSWORD, null).response().then().statusCode(200);
        as(Fixtures.adminToken()).post("/api/registrations/" + pendingId(username) + "/reject").then().statusCode(204);
        assertEquals(false, canLogIn(username, Fixtures.PASSWORD));
        as(Fixtures.adminToken()).get("/api/registrations/pending").then().body("username", not(hasItem(username)));
    }

    @Test
    void aTakenOrPendingUsernameIsAnsweredLikeAFreeOne() {
        Fixtures.User existing = Fixtures.labeler();
        String pending = Fixtures.unique("pending");
        register(pending, Fixtures.PASSWORD, null).response().then().statusCode(200);

        String free = Fixtures.unique("free");
        ExtractableResponse<Response> freeAnswer = register(free, Fixtures.PASSWORD, null);
        for (String taken : new String[] {existing.username(), pending}) {
            ExtractableResponse<Response> answer = register(taken, Fixtures.PASSWORD, null);
            assertEquals(freeAnswer.statusCode(), answer.statusCode());
            // the page repeats the name the person typed; apart from it, the answers are the same
            assertEquals(freeAnswer.body().asString().replace(free, "NAME"), answer.body().asString().replace(taken, "NAME"));
        }
        as(Fixtures.adminToken()).get("/api/registrations/pending").then()
                .body("findAll { it.username == '" + existing.username() + "' }.size()", equalTo(0))
                .body("findAll { it.username == '" + pending + "' }.size()", equalTo(1));
    }

    @Test
    void anAdminApprovesOnTheRegistrationsPage() {
        String username = Fixtures.unique("paged");
        register(username, Fixtures.PASSWORD, null).response().then().statusCode(200);
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(admin).accept(ContentType.HTML).get("/admin/registrations").then().statusCode(200)
                .body(containsString("approval")).body(containsString(username));
        Fixtures.browser(admin).accept(ContentType.HTML).post("/admin/registrations/" + pendingId(username) + "/approve")
                .then().statusCode(200).body(containsString(username + "&#39; can log in now."));
        assertEquals(true, canLogIn(username, Fixtures.PASSWORD));

        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.browser(Fixtures.login(labeler.username(), Fixtures.PASSWORD)).accept(ContentType.HTML)
                .get("/admin/registrations").then().statusCode(403);
    }

    @Test
    void onlyAdminsApprove() {
        Fixtures.User labeler = Fixtures.labeler();
        String username = Fixtures.unique("sneaky");
        register(username, Fixtures.PASSWORD, null).response().then().statusCode(200);
        as(labeler.token()).post("/api/registrations/" + pendingId(username) + "/approve").then().statusCode(403);
        assertEquals(false, canLogIn(username, Fixtures.PASSWORD));
    }
}
