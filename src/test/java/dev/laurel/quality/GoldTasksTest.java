package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GoldTasksTest {
    Fixtures.User modeler;

    @BeforeEach
    void setUp() {
        modeler = Fixtures.modeler();
    }

    @Test
    void badGoldLinesAreReportedWithLineNumbersAndNothingIsSaved() {
        long campaign = Fixtures.draftCampaign(modeler, 3, null);
        String jsonl = """
                {"id": "g1", "prompt": "Q?", "reply_a": "yes", "reply_b": "no", "answer": "A"}
                {"id": "g2", "prompt": "Q?", "reply_a": "yes", "reply_b": "no", "answer": "LEFT"}
                {"id": "g3", "prompt": "Q?", "reply_a": "same", "reply_b": "same", "answer": "B"}
                {"id": "g1", "prompt": "Q?", "reply_b": "no", "answer": "B"}
                """;
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/campaigns/" + campaign + "/gold")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", hasItem("Line 2: 'answer' is 'LEFT'; use A, B, TIE or BOTH_BAD."))
                .body("errors", hasItem("Line 3: 'reply_a' and 'reply_b' are the same text."))
                .body("errors", hasItem("Line 4: id 'g1' appears more than once in the file."))
                .body("errors", hasItem("Line 4: field 'reply_a' is missing."));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/gold").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void goldTasksLookLikeOrdinaryTasksAndTheirOutcomeIsOnTheEvent() {
        long campaign = QualityFixtures.draftWithGold(modeler, 4, 1, 3);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 1.0, "honeypotRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        Fixtures.User labeler = Fixtures.labeler();

        Set<String> ordinaryFields = null;
        int gold = 0;
        int right = 0;
        while (true) {
            Response next = QualityFixtures.next(labeler, campaign);
            if (next.statusCode() == 204) {
                break;
            }
            next.then().statusCode(200);
            Map<String, Object> task = next.jsonPath().getMap("");
            Set<String> fields = new HashSet<>(task.keySet());
            if (ordinaryFields == null) {
                ordinaryFields = fields;
            }
            assertEquals(ordinaryFields, fields, "every task has the same fields");
            String left = (String) task.get("replyA");
            String choice = left.startsWith("right") ? "A" : "B";
            if (((String) task.get("prompt")).startsWith("Check question")) {
                gold++;
                right++;
            }
            QualityFixtures.answer(labeler, campaign, ((Number) task.get("taskId")).longValue(), choice)
                    .then().statusCode(201);
        }
        assertEquals(3, gold, "with gold rate 1 every gold task is served first");
        int expectedRight = right;
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Fixtures.adminToken()).get("/api/admin/labelers/" + labeler.id() + "/quality")
                        .then().statusCode(200)
                        .body("goldSeen", equalTo(expectedRight))
                        .body("goldCorrect", equalTo(expectedRight))
                        .body("answers", equalTo(7)));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                .body("gold.goldItems", equalTo(3)).body("gold.goldTasks", equalTo(3))
                .body("gold.answers", equalTo(3)).body("gold.correct", equalTo(3));
    }

    @Test
    void honeypotsAreMadeWhenACampaignOpensAndTheRealReplyIsTheRightAnswer() {
        long campaign = QualityFixtures.draftWithGold(modeler, 10, 1, 0);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 1.0, "honeypotRate", 0.2));
        QualityFixtures.open(modeler, campaign);
        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                .body("gold.honeypots", equalTo(2));
        Fixtures.User labeler = Fixtures.labeler();
        for (int i = 0; i < 2; i++) {
            Response next = QualityFixtures.next(labeler, campaign);
            String left = next.jsonPath().getString("replyA");
            String right = next.jsonPath().getString("replyB");
            boolean leftIsReal = left.matches("(terse|verbose) answer to \\d+");
            assertTrue(leftIsReal || right.matches("(terse|verbose) answer to \\d+"), left + " / " + right);
            QualityFixtures.answer(labeler, campaign, next.jsonPath().getLong("taskId"), leftIsReal ? "B" : "A")
                    .then().statusCode(201);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(Fixtures.adminToken()).get("/api/admin/labelers/" + labeler.id() + "/quality")
                        .then().body("goldSeen", equalTo(2)).body("goldCorrect", equalTo(0)));
    }

    @Test
    void goldAnswersStayOutOfTheModelLeaderboard() {
        long campaign = QualityFixtures.draftWithGold(modeler, 2, 1, 2);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 1.0, "honeypotRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        Fixtures.User labeler = Fixtures.labeler();
        for (int i = 0; i < 4; i++) {
            Response next = QualityFixtures.next(labeler, campaign);
            QualityFixtures.answer(labeler, campaign, next.jsonPath().getLong("taskId"), "A").then().statusCode(201);
        }
        // 4 answers: 2 on gold tasks, 2 on the two ordinary tasks; only the ordinary ones are votes
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(modeler.token()).get("/api/campaigns/" + campaign + "/leaderboard/win-rates")
                        .then().statusCode(200).body("votes", equalTo(2)));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/datasets").then().statusCode(201)
                .body("votes", equalTo(2));
    }

    @Test
    void labelerCannotSeeGoldItemsOrQuality() {
        long campaign = QualityFixtures.draftWithGold(modeler, 2, 1, 1);
        QualityFixtures.open(modeler, campaign);
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).get("/api/campaigns/" + campaign + "/gold").then().statusCode(403);
        as(labeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(403);
    }
}
