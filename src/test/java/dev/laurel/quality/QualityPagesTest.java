package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quality on pages: the campaign panel, a labeler's own flags, the admin's labeler page; skips with reasons. */
@QuarkusTest
class QualityPagesTest {

    @Test
    void skipsAreCountedAndTooManySkipsFlagTheLabelerWhoSeesWhyOnTheirPage() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 12, 1, 0);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.0, "honeypotRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        Fixtures.User labeler = Fixtures.labeler();
        for (int i = 0; i < 10; i++) {
            long task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
            as(labeler.token()).contentType("application/json").body(Map.of("reason", "I do not know this topic"))
                    .post("/api/campaigns/" + campaign + "/tasks/" + task + "/skip").then().statusCode(204);
        }
        as(labeler.token()).get("/api/me/flags").then().statusCode(200)
                .body("[0].signal", org.hamcrest.Matchers.equalTo("TOO_MANY_SKIPS"))
                .body("[0].reason", containsString("You skipped 10 of the 10 tasks"));
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/me/flags").then().statusCode(200)
                .body(containsString("You skipped 10 of the 10 tasks"));
        Fixtures.browser(session).get("/campaigns").then().statusCode(200)
                .body(containsString("hx-get=\"/me/flags\""));

        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                .body("skips", org.hamcrest.Matchers.equalTo(10));
        Fixtures.Session modelerCookie = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(modelerCookie).get("/campaigns/" + campaign + "/quality").then()
                .statusCode(200).body(containsString("Krippendorff")).body(containsString("TOO_MANY_SKIPS"));
        Fixtures.Session adminCookie = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(adminCookie).get("/admin/labelers/" + labeler.id() + "/quality").then()
                .statusCode(200).body(containsString(labeler.username())).body(containsString("TOO_MANY_SKIPS"));
        Fixtures.browser(session).get("/admin/labelers/" + labeler.id() + "/quality").then()
                .statusCode(403);
    }

    @Test
    void qualificationServesGoldFirstAndRefusesThoseWhoFailIt() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 4, 1, 4);
        QualityFixtures.settings(modeler, campaign, Map.of("qualificationGold", 2, "qualificationAccuracy", 1.0,
                "honeypotRate", 0.0, "goldRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        Fixtures.User careless = Fixtures.labeler();
        for (int i = 0; i < 2; i++) {
            var next = QualityFixtures.next(careless, campaign).then().statusCode(200).extract().jsonPath();
            org.junit.jupiter.api.Assertions.assertTrue(next.getString("prompt").startsWith("Check question"));
            String wrong = next.getString("replyA").startsWith("right") ? "B" : "A";
            QualityFixtures.answer(careless, campaign, next.getLong("taskId"), wrong).then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> QualityFixtures.next(careless, campaign).then()
                .statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("You answered 0 of 2 qualification questions")));
    }

    @Test
    void minimumReliabilityKeepsUnprovenLabelersOut() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 2, 1, 0);
        QualityFixtures.settings(modeler, campaign, Map.of("minReliability", 0.7));
        QualityFixtures.open(modeler, campaign);
        QualityFixtures.next(Fixtures.labeler(), campaign).then().statusCode(403)
                .body("detail", containsString("proven accuracy of at least 70%"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void badSettingsAreRefusedWithAReason() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        as(modeler.token()).contentType("application/json").body(Map.of("maxOverlap", 2))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(400)
                .body("detail", containsString("'maxOverlap' must be between the campaign's overlap (3) and 100."));
        as(modeler.token()).contentType("application/json").body(Map.of("goldRate", 1.5))
                .put("/api/campaigns/" + campaign + "/quality/settings").then().statusCode(400);
    }
}
