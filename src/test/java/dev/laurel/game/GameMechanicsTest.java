package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.platform.Outbox;
import dev.laurel.campaign.TaskKind;
import dev.laurel.quality.AnswerAssessed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The rules beyond base points, each in a window of time of its own (rules are global and tests
 * share one database): every test publishes the rule it needs, effective at the start of its window.
 */
@QuarkusTest
class GameMechanicsTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(20_000_000);

    @Inject
    PointsLedger ledger;

    private static AnswerAssessed answer(long labeler, long campaign, String kind, Boolean gold, Instant at) {
        return new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, campaign, labeler, "A", 5_000, at, TaskKind.valueOf(kind), gold);
    }

    private static void publish(Instant from, Map<String, Object> terms) {
        Map<String, Object> body = new HashMap<>(Map.of("basePoints", 10, "minMillisPerTask", 3000, "dailyCap", 1000,
                "effectiveFrom", from.toString()));
        body.putAll(terms);
        as(Fixtures.adminToken()).contentType(ContentType.JSON).body(body).post("/api/admin/rules").then().statusCode(201);
    }

    private static long pointsOf(List<LedgerEntry> rows, LedgerEntry.Kind kind) {
        return rows.stream().filter(r -> r.kind == kind).mapToLong(r -> r.points).sum();
    }

    private List<LedgerEntry> rowsOf(long submission) {
        return QuarkusTransaction.requiringNew().call(() -> ledger.breakdown(submission));
    }

    @Test
    void eachBonusIsItsOwnLedgerRowAndTheBreakdownExplainsTheTotal() {
        Instant from = Instant.parse("2060-01-01T00:00:00Z");
        publish(from, Map.of("kindPoints", "RANKING=15", "goldBonus", 5, "goldPenalty", 3, "streakMinDays", 2,
                "streakBonus", 2, "comboSize", 3, "comboBonus", 7, "comboGapSeconds", 120));
        Fixtures.User labeler = Fixtures.labeler();
        Instant t = from.plusSeconds(36_000);
        AnswerAssessed gold = answer(labeler.id(), 1, "PAIRWISE", true, t);
        AnswerAssessed ranking = answer(labeler.id(), 1, "RANKING", null, t.plusSeconds(30));
        AnswerAssessed failed = answer(labeler.id(), 1, "PAIRWISE", false, t.plusSeconds(60));
        AnswerAssessed nextDay = answer(labeler.id(), 1, "PAIRWISE", null, t.plusSeconds(86_400));
        for (AnswerAssessed e : List.of(gold, ranking, failed, nextDay)) {
            assertTrue(ledger.score(e));
            assertFalse(ledger.score(e), "a redelivery adds nothing");
        }
        assertEquals(10, pointsOf(rowsOf(gold.submissionId()), LedgerEntry.Kind.AWARD));
        assertEquals(5, pointsOf(rowsOf(gold.submissionId()), LedgerEntry.Kind.GOLD_BONUS));
        assertEquals(15, pointsOf(rowsOf(ranking.submissionId()), LedgerEntry.Kind.AWARD));
        // failed gold: nothing but the penalty, and no combo bonus although it is the third answer
        assertEquals(List.of(0L, -3L), rowsOf(failed.submissionId()).stream().map(r -> r.points).toList());
        assertEquals(2, pointsOf(rowsOf(nextDay.submissionId()), LedgerEntry.Kind.STREAK_BONUS));
        assertEquals(15 + 15 - 3 + 12, ledger.total(labeler.id()));

        JsonPath why = as(labeler.token()).get("/api/me/submissions/" + gold.submissionId() + "/points")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(15, why.getInt("points"));
        assertEquals(List.of("AWARD", "GOLD_BONUS"), why.getList("lines.kind"));
        assertTrue(why.getString("lines[1].reason").contains("gold answer right"));
        as(Fixtures.labeler().token()).get("/api/me/submissions/" + gold.submissionId() + "/points").then().statusCode(404);
    }

    @Test
    void aCampaignPoolIsDrawnDownExactlyAndPaysNothingOnceEmpty() {
        Instant from = Instant.parse("2061-01-01T00:00:00Z");
        publish(from, Map.of());
        long campaign = 7_000_000 + SUBMISSION.incrementAndGet() % 1_000_000;
        String admin = Fixtures.adminToken();
        as(admin).contentType(ContentType.JSON).body(Map.of("bonusPerAnswer", 4, "budget", 10))
                .put("/api/admin/campaigns/" + campaign + "/reward").then().statusCode(200).body("budgetLeft", equalTo(10));
        Fixtures.User labeler = Fixtures.labeler();
        List<Long> bonuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            AnswerAssessed e = answer(labeler.id(), campaign, "PAIRWISE", null, from.plusSeconds(1000L * (i + 1)));
            ledger.score(e);
            bonuses.add(pointsOf(rowsOf(e.submissionId()), LedgerEntry.Kind.CAMPAIGN_BONUS));
        }
        assertEquals(List.of(4L, 4L, 2L, 0L), bonuses);
        as(admin).get("/api/admin/campaigns/" + campaign + "/reward").then().statusCode(200)
                .body("budgetLeft", equalTo(0)).body("budgetTotal", equalTo(10));
        assertEquals(4 * 10 + 10, ledger.total(labeler.id()));
        as(admin).get("/api/admin/rules/audit").then().body("[0].after", containsString("campaign " + campaign));
        as(admin).contentType(ContentType.JSON).body(Map.of("bonusPerAnswer", -1)).put("/api/admin/campaigns/1/reward")
                .then().statusCode(400).body("detail", containsString("cannot be negative"));
    }

    @Test
    void answersScoredAtOnceNeverSpendMoreThanTheBonusPool() throws Exception {
        Instant from = Instant.parse("2064-01-01T00:00:00Z");
        publish(from, Map.of());
        long campaign = 7_000_000 + SUBMISSION.incrementAndGet() % 1_000_000;
        as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("bonusPerAnswer", 3, "budget", 20))
                .put("/api/admin/campaigns/" + campaign + "/reward").then().statusCode(200);
        List<AnswerAssessed> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(answer(Fixtures.labeler().id(), campaign, "PAIRWISE", null, from.plusSeconds(i + 1)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            for (var done : threads.invokeAll(answers.stream()
                    .<Callable<Boolean>>map(a -> () -> ledger.score(a)).toList())) {
                assertTrue(done.get());
            }
        } finally {
            threads.shutdown();
        }
        long paid = answers.stream().mapToLong(a -> pointsOf(rowsOf(a.submissionId()), LedgerEntry.Kind.CAMPAIGN_BONUS)).sum();
        assertEquals(20, paid); // 6 answers of 3, one of 2, the rest nothing: never 21 or more
        as(Fixtures.adminToken()).get("/api/admin/campaigns/" + campaign + "/reward").then().statusCode(200)
                .body("budgetLeft", equalTo(0));
    }

    @Test
    void aQuestOfADraftCampaignIsHiddenFromLabelersUntilTheCampaignOpens() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, 2);
        Fixtures.candidateWithOutputs(modeler, campaign, 2, "terse");
        Fixtures.candidateWithOutputs(modeler, campaign, 2, "verbose");
        String title = Fixtures.unique("Launch quest");
        Instant now = Instant.now();
        long quest = as(Fixtures.adminToken()).contentType(ContentType.JSON)
                .body(Map.of("title", title, "metric", "ANSWERS", "target", 2, "campaignId", campaign,
                        "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plusSeconds(86_400).toString(),
                        "rewardPoints", 5))
                .post("/api/admin/quests").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).get("/api/me/quests").then().statusCode(200).body("id", not(org.hamcrest.Matchers.hasItem((int) quest)));
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/profile").then().statusCode(200).body(not(containsString(title)));
        as(Fixtures.adminToken()).get("/api/admin/quests").then().statusCode(200).body("title", org.hamcrest.Matchers.hasItem(title));

        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        as(labeler.token()).get("/api/me/quests").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem((int) quest));
        Fixtures.browser(session).get("/profile").then().statusCode(200).body(containsString(title));
    }

    @Test
    void aQuestPaysItsRewardOnceAndABadgeIsAwardedOnce() {
        Instant from = Instant.parse("2062-01-01T00:00:00Z");
        publish(from, Map.of());
        String admin = Fixtures.adminToken();
        long quest = as(admin).contentType(ContentType.JSON)
                .body(Map.of("title", "Warm-up", "metric", "ANSWERS", "target", 3, "startsAt", from.toString(),
                        "endsAt", from.plusSeconds(86_400 * 7).toString(), "rewardPoints", 50))
                .post("/api/admin/quests").then().statusCode(201).extract().jsonPath().getLong("id");
        as(admin).contentType(ContentType.JSON).body(Map.of("title", "x", "metric", "SMILES", "target", 3,
                "endsAt", from.toString(), "rewardPoints", 1)).post("/api/admin/quests").then().statusCode(400)
                .body("detail", containsString("'metric' must be one of"));
        Fixtures.User labeler = Fixtures.labeler();
        List<AnswerAssessed> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(answer(labeler.id(), 1, "PAIRWISE", null, from.plusSeconds(3600 + 600L * i)));
        }
        events.forEach(ledger::score);
        events.forEach(ledger::score); // replayed: nothing changes
        assertEquals(10 * 10 + 50, ledger.total(labeler.id()));
        long questRows = QuarkusTransaction.requiringNew().call(() ->
                LedgerEntry.count("labelerId = ?1 and kind = ?2 and ref = ?3", labeler.id(), LedgerEntry.Kind.QUEST, quest));
        assertEquals(1, questRows);
        as(labeler.token()).get("/api/me/progress").then().statusCode(200)
                // 10 comparisons; 150 points reach level 10 on Open-Assistant's curve; alone on this week's board
                .body("badges.code", org.hamcrest.Matchers.containsInAnyOrder("FIRST_10", "LEVEL_10", "WEEKLY_TOP_10"))
                .body("answers", equalTo(10));

        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String hud = Fixtures.browser(session).get("/game/hud").then().statusCode(200).extract().asString();
        assertTrue(hud.contains("+10 XP"), hud);
        assertTrue(hud.contains("Badge: First Ten"), hud);
        assertTrue(hud.contains("Quest complete: Warm-up"), hud);
        assertTrue(hud.contains("data-testid=\"xp-bar\""), hud);
        Fixtures.browser(session).get("/game/hud").then().statusCode(200)
                .body(not(containsString("data-toast")));
        Fixtures.browser(session).get("/profile").then().statusCode(200)
                .body(containsString("First Ten")).body(containsString("<svg class=\"chart\""));
    }

    @Test
    void streakDaysAreCountedInTheLabelersOwnTimeZone() {
        Instant from = Instant.parse("2063-01-01T00:00:00Z");
        publish(from, Map.of("streakMinDays", 2, "streakBonus", 3));
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("timeZone", "Mars/Olympus_Mons"))
                .put("/api/me/settings").then().statusCode(400).body("detail", containsString("is not a time zone"));
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("timeZone", "Pacific/Auckland"))
                .put("/api/me/settings").then().statusCode(200).body("timeZone", equalTo("Pacific/Auckland"));
        // 22:00 on 1 January and 01:00 on 2 January in Auckland (UTC+13), the same UTC day
        AnswerAssessed first = answer(labeler.id(), 1, "PAIRWISE", null, Instant.parse("2063-01-01T09:00:00Z"));
        AnswerAssessed second = answer(labeler.id(), 1, "PAIRWISE", null, Instant.parse("2063-01-01T12:00:00Z"));
        ledger.score(first);
        ledger.score(second);
        assertEquals(3, pointsOf(rowsOf(second.submissionId()), LedgerEntry.Kind.STREAK_BONUS));
        as(labeler.token()).get("/api/me/progress").then().body("streakDays", equalTo(2));
    }

    @Test
    void thePreviewScoresRecentRealAnswersUnderTheDraftNextToTheRuleInForce() {
        Fixtures.User labeler = Fixtures.labeler();
        AnswerAssessed recent = answer(labeler.id(), 1, "PAIRWISE", null, Instant.now().minusSeconds(5));
        ledger.score(recent);
        String admin = Fixtures.adminToken();
        JsonPath rows = as(admin).contentType(ContentType.JSON)
                .body(Map.of("basePoints", 40, "minMillisPerTask", 0, "dailyCap", 100_000))
                .post("/api/admin/rules/preview").then().statusCode(200).extract().jsonPath();
        List<Long> ids = rows.getList("submissionId", Long.class);
        int at = ids.indexOf(recent.submissionId());
        assertTrue(at >= 0, "the newest real answer is in the preview: " + ids);
        assertEquals(ledger.total(labeler.id()), rows.getLong("[" + at + "].inForce"));
        assertEquals(40, rows.getLong("[" + at + "].draft"));
        // nothing was saved
        as(admin).get("/api/rules").then().body("[0].basePoints", not(equalTo(40))).body("[0].createdBy", notNullValue());
        // the rule history shows a labeler the formula, never which admin published it
        as(labeler.token()).get("/api/rules").then().statusCode(200).body("createdBy", everyItem(nullValue()));

        Fixtures.Session session = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(session).get("/admin/rules").then().statusCode(200)
                .body(containsString("Audit log")).body(containsString("data-testid=\"preview-button\""));
        Fixtures.browser(session).formParam("basePoints", "40").formParam("minMillisPerTask", "0")
                .formParam("dailyCap", "100000").post("/admin/rules/preview").then().statusCode(200)
                .body(containsString("#" + recent.submissionId()));
        Fixtures.browser(session).formParam("basePoints", "forty").formParam("minMillisPerTask", "0")
                .formParam("dailyCap", "1").post("/admin/rules/preview").then().statusCode(200)
                .body(containsString("must be a whole number"));
        given().get("/rules").then().statusCode(200).body(containsString("How points work"));
    }
}
