package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.laurel.Fixtures;
import dev.laurel.platform.Problem;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

/** The rules page: one number field per task kind, and campaign terms set in the browser (audited). */
@QuarkusTest
class RulesPageTest {

    @Test
    void pointsPerKindAreOneNumberFieldPerKind() {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.putSingle("kindPoints.PAIRWISE", "");
        form.putSingle("kindPoints.RANKING", "15");
        form.putSingle("kindPoints.RUBRIC", " 20 ");
        assertEquals("RANKING=15,RUBRIC=20", GamePages.kindPointsOf(form));
        form.putSingle("kindPoints.CORRECTION", "-1");
        assertThrows(Problem.class, () -> GamePages.kindPointsOf(form));
        MultivaluedHashMap<String, String> legacy = new MultivaluedHashMap<>();
        legacy.putSingle("kindPoints", "RANKING=15");
        assertEquals("RANKING=15", GamePages.kindPointsOf(legacy));

        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(admin).get("/admin/rules").then().statusCode(200)
                .body(containsString("name=\"kindPoints.RANKING\" type=\"number\""))
                .body(containsString("name=\"kindPoints.CORRECTION\" type=\"number\""));
        Fixtures.browser(admin).formParam("basePoints", "10").formParam("minMillisPerTask", "3000").formParam("dailyCap", "1000")
                .formParam("kindPoints.RANKING", "many").post("/admin/rules").then().statusCode(400)
                .body(containsString("must be a whole number"));
    }

    @Test
    void anAdminSetsACampaignsTermsOnTheRulesPage() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(admin).get("/admin/rules").then().statusCode(200)
                .body(containsString("<option value=\"" + campaign + "\">"));
        Fixtures.browser(admin).formParam("campaignId", String.valueOf(campaign)).formParam("basePoints", "12")
                .formParam("bonusPerAnswer", "3").formParam("budget", "300").post("/admin/rules/campaigns").then()
                .statusCode(200).body(containsString("Terms of campaign " + campaign + " saved"))
                .body(containsString("data-campaign=\"" + campaign + "\""));
        as(Fixtures.adminToken()).get("/api/admin/campaigns/" + campaign + "/reward").then().statusCode(200)
                .body("basePoints", equalTo(12)).body("bonusPerAnswer", equalTo(3)).body("budgetLeft", equalTo(300));
        as(Fixtures.adminToken()).get("/api/admin/rules/audit").then().statusCode(200)
                .body("[0].after", containsString("campaign " + campaign + ": 12 points an answer"));
        Fixtures.browser(admin).formParam("campaignId", "987654321").formParam("bonusPerAnswer", "1")
                .post("/admin/rules/campaigns").then().statusCode(400).body(containsString("Campaign 987654321 does not exist."));
    }
}
