package dev.laurel.account;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiTokenScopesTest {

    private static String token(Fixtures.User user, Map<String, Object> request) {
        return as(user.token()).contentType(ContentType.JSON).body(request).post("/api/tokens")
                .then().statusCode(201).extract().path("token");
    }

    @Test
    void aTokenWithoutScopesOrExpiryGetsItsRolesScopesForNinetyDays() {
        Fixtures.User labeler = Fixtures.labeler();
        // made in the browser session: a token making a token passes on at most its own lifetime
        var created = Fixtures.browser(Fixtures.login(labeler.username(), Fixtures.PASSWORD))
                .contentType(ContentType.JSON).body(Map.of("name", "defaults")).post("/api/tokens").then().statusCode(201)
                .body("scopes", equalTo(List.of("read", "write", "label"))).extract().jsonPath();
        Instant expires = Instant.parse(created.getString("expiresAt"));
        Instant created90 = Instant.parse(created.getString("createdAt")).plus(Duration.ofDays(90));
        assertTrue(expires.equals(created90), expires + " vs " + created90);

        Fixtures.User modeler = Fixtures.modeler();
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of()).post("/api/tokens")
                .then().statusCode(201).body("scopes", equalTo(List.of("read", "write")));
        // labeling is for labelers: a modeler cannot ask for it, nor for a scope that does not exist, nor forever
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("scopes", List.of("label"))).post("/api/tokens")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("read, write"));
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("scopes", List.of("admin"))).post("/api/tokens")
                .then().statusCode(400).body("detail", containsString("'admin' is not a token scope"));
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("expiresInDays", 366)).post("/api/tokens")
                .then().statusCode(400).body("detail", containsString("1 to 365 days"));
    }

    @Test
    void aTokenCannotMintAWiderOrLongerLivedOne() {
        Fixtures.User labeler = Fixtures.labeler();
        var narrow = as(labeler.token()).contentType(ContentType.JSON)
                .body(Map.of("scopes", List.of("read", "write"), "expiresInDays", 2)).post("/api/tokens")
                .then().statusCode(201).extract().jsonPath();
        String parent = narrow.getString("token");
        as(parent).contentType(ContentType.JSON).body(Map.of("scopes", List.of("label"))).post("/api/tokens")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("only create tokens with its own scopes (read, write)"));
        var child = as(parent).contentType(ContentType.JSON).body(Map.of("expiresInDays", 365)).post("/api/tokens")
                .then().statusCode(201).body("scopes", equalTo(List.of("read", "write"))).extract().jsonPath();
        assertTrue(!Instant.parse(child.getString("expiresAt")).isAfter(Instant.parse(narrow.getString("expiresAt"))),
                child.getString("expiresAt") + " outlives " + narrow.getString("expiresAt"));
    }

    @Test
    void anExpiredTokenIsUnauthorizedWithAReason() {
        Fixtures.User labeler = Fixtures.labeler();
        var created = as(labeler.token()).contentType(ContentType.JSON).body(Map.of("name", "old", "expiresInDays", 1))
                .post("/api/tokens").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        // not used before it expires, so no process has it cached with its old expiry
        QuarkusTransaction.requiringNew().run(() -> ApiToken.update("expiresAt = ?1 where id = ?2",
                Instant.now().minusSeconds(5), id));
        as(created.getString("token")).get("/api/me").then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", containsString("This API token expired"))
                .body("detail", containsString("/account/tokens"));
        as(labeler.token()).get("/api/tokens").then().body("find { it.id == " + id + " }.expired", equalTo(true));
    }

    @Test
    void aReadOnlyTokenReadsButChangesNothing() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        String reader = token(labeler, Map.of("name", "dashboard", "scopes", List.of("read")));

        as(reader).get("/api/me").then().statusCode(200).body("username", equalTo(labeler.username()));
        as(reader).get("/api/campaigns/" + campaign).then().statusCode(200);
        as(reader).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("lacks the 'label' scope"));
        as(reader).contentType(ContentType.JSON).body(Map.of("timeZone", "Europe/Paris")).put("/api/me/settings")
                .then().statusCode(403).body("detail", containsString("'write' scope"));
        as(reader).contentType(ContentType.JSON).body(Map.of("name", "escalate")).post("/api/tokens")
                .then().statusCode(403).body("detail", containsString("'write' scope"));

        // nor answer a task its owner holds through another token
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");
        as(reader).contentType(ContentType.JSON).body("{\"choice\": \"A\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(403)
                .body("detail", containsString("'label' scope"));

        String modelerReader = token(modeler, Map.of("scopes", List.of("read")));
        as(modelerReader).get("/api/campaigns").then().statusCode(200);
        as(modelerReader).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("c"), "overlap", 1))
                .post("/api/campaigns").then().statusCode(403).body("detail", containsString("'write' scope"));
    }

    @Test
    void aLabelTokenWorksTheQueueAndNothingElse() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        String worker = token(labeler, Map.of("name", "labeling bot", "scopes", List.of("label")));

        long task = as(worker).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");
        as(worker).contentType(ContentType.JSON).body("{\"choice\": \"A\"}")
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
        long second = as(worker).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200)
                .extract().jsonPath().getLong("taskId");
        as(worker).post("/api/campaigns/" + campaign + "/tasks/" + second + "/skip").then().statusCode(204);

        as(worker).contentType(ContentType.JSON).body(Map.of("timeZone", "Europe/Paris")).put("/api/me/settings")
                .then().statusCode(403).body("detail", containsString("'write' scope"));
        as(worker).contentType(ContentType.JSON).body(Map.of("name", Fixtures.unique("c"), "overlap", 1))
                .post("/api/campaigns").then().statusCode(403).contentType("application/problem+json");
        as(worker).get("/api/me").then().statusCode(403).body("detail", containsString("'read' scope"));

        // a modeler's full token still creates campaigns: the scope check narrows, it does not replace roles
        Fixtures.draftCampaign(modeler, 1, null);
    }

    @Test
    void lastUseIsRecordedAndShown() {
        Fixtures.User labeler = Fixtures.labeler();
        var created = as(labeler.token()).contentType(ContentType.JSON).body(Map.of("name", "cron job"))
                .post("/api/tokens").then().statusCode(201).extract().jsonPath();
        long id = created.getLong("id");
        String path = "find { it.id == " + id + " }";
        as(labeler.token()).get("/api/tokens").then().body(path + ".lastUsedAt", nullValue())
                .body(path + ".scopes", hasItems("read", "write", "label"))
                .body(path + ".expiresAt", notNullValue());

        as(created.getString("token")).get("/api/me").then().statusCode(200);
        as(labeler.token()).get("/api/tokens").then().body(path + ".lastUsedAt", notNullValue());

        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String page = Fixtures.browser(session).accept(ContentType.HTML).get("/account/tokens").then().statusCode(200)
                .extract().body().asString();
        int row = page.indexOf("data-testid=\"token-" + id + "\"");
        assertTrue(row > 0, page);
        String cells = page.substring(row, page.indexOf("</tr>", row));
        assertTrue(cells.contains("cron job") && cells.contains("read, write, label"), cells);
        assertTrue(!cells.contains("<td data-testid=\"last-used\">never</td>"), cells);
    }

    @Test
    void thePageCreatesATokenWithTheChosenScopesAndLifetime() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).accept(ContentType.HTML).formParam("name", "read bot").formParam("scope", "read")
                .formParam("days", "30").post("/account/tokens").then().statusCode(200)
                .body(containsString("data-testid=\"new-token\""));
        as(labeler.token()).get("/api/tokens").then()
                .body("find { it.name == 'read bot' }.scopes", equalTo(List.of("read")));
        Fixtures.browser(session).accept(ContentType.HTML).formParam("name", "nothing").post("/account/tokens")
                .then().statusCode(400).body(containsString("Tick at least one scope"))
                .body(not(containsString("data-testid=\"new-token\"")));
    }
}
