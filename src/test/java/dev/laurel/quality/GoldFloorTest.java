package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.game.LedgerEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The platform's floor on gold + honeypot rate: a team cannot go below it, and a campaign below it pays nothing. */
@QuarkusTest
@TestProfile(GoldFloorTest.Floor.class)
class GoldFloorTest {

    /** The production floor (the test profile's is 0, so that other tests count ordinary answers). */
    public static class Floor implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("laurel.economy.min-gold-rate", "0.05");
        }
    }

    @Test
    void aRateBelowTheFloorIsRefusedWithHowToMeetIt() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("goldRate", 0.01, "honeypotRate", 0.0))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("gold rate 1% + honeypot rate 0% is below the platform's floor of 5%"))
                .body("detail", containsString("Set goldRate + honeypotRate to at least 0.05"));
        // nothing of the refused update was kept
        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200)
                .body("goldRate", org.hamcrest.Matchers.not(org.hamcrest.Matchers.equalTo(0.01f)));
        // the floor is met by the two rates together
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("goldRate", 0.03, "honeypotRate", 0.02))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(200);
    }

    @Test
    void theDashboardsSettingsPanelSaysTheFloorAsTheTeamTypesWithTheApisSentence() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        String refused = as(modeler.token()).contentType(ContentType.JSON).body(Map.of("goldRate", 0.01, "honeypotRate", 0.0))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(400).extract().jsonPath()
                .getString("detail");
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        String check = Fixtures.browser(session).contentType(ContentType.URLENC).formParam("goldRate", "1")
                .formParam("honeypotRate", "0").post("/campaigns/" + campaign + "/quality/settings/check").then()
                .statusCode(200).extract().asString();
        assertTrue(check.contains("data-ok=\"false\"") && check.contains(refused.replace("&", "&amp;").replace("\"", "&quot;")
                .replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")), check);
        // the two rates together reach it (3 % + 2 %): nothing to say
        Fixtures.browser(session).contentType(ContentType.URLENC).formParam("goldRate", "3").formParam("honeypotRate", "2")
                .post("/campaigns/" + campaign + "/quality/settings/check").then().statusCode(200)
                .body(containsString("data-ok=\"true\""));
    }

    @Test
    void aCampaignStoredBelowTheFloorPaysZeroPointsAndSaysWhy() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null); // the test defaults: no gold, no honeypots
        Fixtures.User labeler = Fixtures.labeler();
        long task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
        QualityFixtures.answer(labeler, campaign, task, "A").then().statusCode(201);

        List<LedgerEntry> rows = await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew()
                .call(() -> LedgerEntry.<LedgerEntry>list("labelerId", labeler.id())), list -> !list.isEmpty());
        assertEquals(1, rows.size());
        assertEquals(0, rows.get(0).points);
        assertTrue(rows.get(0).reason.contains("checks too few answers (gold rate 0% + honeypot rate 0% is below the"
                + " platform's floor of 5%)"), rows.get(0).reason);
        // the campaign's quality report says so too
        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                .body("points", containsString("Answers earn 0 points: gold rate 0% + honeypot rate 0% is below"));
    }
}
