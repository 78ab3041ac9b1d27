package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin's users and teams pages: create, change role, disable, reset password; each change audited. */
@QuarkusTest
class UserPagesTest {
    private static Fixtures.Session admin() {
        return Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
    }

    private static String temporaryPassword(String page) {
        Matcher m = Pattern.compile("data-testid=\"temporary-password\">([^<]+)<").matcher(page);
        assertTrue(m.find(), "the page shows the temporary password once");
        return m.group(1);
    }

    @Test
    void anAdminCreatesATeamAndAModelerWhoLogsInWithTheGeneratedPassword() {
        Fixtures.Session admin = admin();
        String team = Fixtures.unique("Team");
        Fixtures.browser(admin).formParam("name", team).post("/admin/users/teams").then().statusCode(201)
                .body(containsString("Team &#39;" + team + "&#39; created.")).body(containsString("data-team=\"" + team + "\""));
        Fixtures.browser(admin).formParam("name", team.toLowerCase()).post("/admin/users/teams").then().statusCode(409)
                .body(containsString("There is already a team named"));

        String username = Fixtures.unique("modeler");
        String page = Fixtures.browser(admin).formParam("username", username).formParam("role", "modeler")
                .formParam("team", team).formParam("password", "").post("/admin/users").then().statusCode(201)
                .body(containsString("data-username=\"" + username + "\"")).extract().asString();
        String password = temporaryPassword(page);
        String token = Fixtures.tokenFor(username, password);
        as(token).get("/api/me").then().statusCode(200).body("role", equalTo("modeler")).body("team", equalTo(team));

        Fixtures.browser(admin).get("/admin/users?q=" + username + "&role=modeler").then().statusCode(200)
                .body(containsString("data-username=\"" + username + "\"")).body(containsString("team.created"))
                .body(containsString("user.created"));
        Fixtures.browser(admin).get("/admin/users?q=" + username + "&role=labeler").then().statusCode(200)
                .body(not(containsString("data-username=\"" + username + "\"")));
    }

    @Test
    void aModelerWithoutATeamIsRefusedWithASentence() {
        Fixtures.browser(admin()).formParam("username", Fixtures.unique("lonely")).formParam("role", "modeler")
                .formParam("team", "").formParam("password", Fixtures.PASSWORD).post("/admin/users").then().statusCode(400)
                .body(containsString("A modeler belongs to a team"));
    }

    @Test
    void changingARoleEndsTheUsersSessionsAndTheirTokenFollowsTheNewRole() {
        Fixtures.Session admin = admin();
        String team = Fixtures.unique("Team");
        Fixtures.browser(admin).formParam("name", team).post("/admin/users/teams").then().statusCode(201);
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/api/me").then().statusCode(200).body("role", equalTo("labeler"));

        Fixtures.browser(admin).formParam("role", "modeler").formParam("team", team)
                .post("/admin/users/" + labeler.id() + "/role").then().statusCode(200)
                .body(containsString("is now modeler of team")).body(containsString("user.role-changed"));
        Fixtures.browser(session).get("/api/me").then().statusCode(401);
        as(labeler.token()).get("/api/me").then().statusCode(200).body("role", equalTo("modeler")).body("team", equalTo(team));
    }

    @Test
    void anAdminCannotChangeTheirOwnRole() {
        Fixtures.Session admin = admin();
        long me = as(Fixtures.adminToken()).get("/api/me").then().extract().jsonPath().getLong("id");
        Fixtures.browser(admin).formParam("role", "labeler").formParam("team", "").post("/admin/users/" + me + "/role")
                .then().statusCode(409).body(containsString("You cannot change your own role"));
    }

    @Test
    void resettingAPasswordEndsSessionsAndTheNewOneWorks() {
        Fixtures.Session admin = admin();
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(admin).formParam("password", "").post("/admin/users/" + labeler.id() + "/password").then()
                .statusCode(200);
        String page = Fixtures.browser(admin).formParam("password", "").post("/admin/users/" + labeler.id() + "/password")
                .then().statusCode(200).body(containsString("user.password-reset")).extract().asString();
        String password = temporaryPassword(page);
        Fixtures.browser(session).get("/api/me").then().statusCode(401);
        Fixtures.browser().redirects().follow(false).formParam("j_username", labeler.username())
                .formParam("j_password", Fixtures.PASSWORD).post("/j_security_check").then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(302), equalTo(303)))
                .header("Location", containsString("error")); // the old password is refused
        Fixtures.browser(Fixtures.login(labeler.username(), password)).get("/api/me").then().statusCode(200);
    }

    @Test
    void disablingFromThePageEndsSessionsAndEnablingLetsThemBackIn() {
        Fixtures.Session admin = admin();
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(admin).post("/admin/users/" + labeler.id() + "/disable").then().statusCode(200)
                .body(containsString("data-testid=\"user-state\">disabled")).body(containsString("user.disabled"));
        Fixtures.browser(session).get("/api/me").then().statusCode(401);
        as(labeler.token()).get("/api/me").then().statusCode(401);
        Fixtures.browser(admin).post("/admin/users/" + labeler.id() + "/enable").then().statusCode(200)
                .body(containsString("data-testid=\"user-state\">active")).body(containsString("user.enabled"));
        Fixtures.browser(Fixtures.login(labeler.username(), Fixtures.PASSWORD)).get("/api/me").then().statusCode(200);
    }
}
