package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import dev.laurel.quality.AnswerAssessed;
import dev.laurel.quality.SubmissionDropped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PointsLedgerTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(9_000_000);

    @Inject
    PointsLedger ledger;
    @Inject
    Outbox outbox;

    /**
     * A campaign of this class's own with the default terms (no quest, no pool): campaign 1 is whatever an earlier
     * test class made of it.
     */
    private static long termsCampaign;

    private static AnswerAssessed answer(long labeler, long durationMs, Instant at) {
        if (termsCampaign == 0) {
            termsCampaign = Fixtures.openCampaign(Fixtures.modeler(), 1, 1, null);
        }
        return new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, termsCampaign, labeler, "A", durationMs,
                at);
    }

    private long rows(long labeler) {
        return QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count("labelerId", labeler));
    }

    @Test
    void theSameEventScoredTwiceAddsOneRow() {
        long labeler = Fixtures.labeler().id();
        AnswerAssessed event = answer(labeler, 10_000, Instant.now());
        assertTrue(ledger.score(event));
        assertFalse(ledger.score(event));
        assertEquals(1, rows(labeler));
        assertEquals(10, ledger.total(labeler));
    }

    @Test
    void theTotalIsTheSumOfLedgerRowsWithTooFastAnswersExplained() {
        long labeler = Fixtures.labeler().id();
        Instant now = Instant.now();
        ledger.score(answer(labeler, 10_000, now));
        ledger.score(answer(labeler, 1_000, now));  // under the 3 s minimum of the default rule
        ledger.score(answer(labeler, 4_000, now));
        List<LedgerEntry> entries = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("labelerId", labeler));
        assertEquals(3, entries.size());
        assertEquals(entries.stream().mapToLong(e -> e.points).sum(), ledger.total(labeler));
        assertEquals(20, ledger.total(labeler));
        assertTrue(entries.stream().anyMatch(e -> e.points == 0 && e.reason.contains("under the 3000 ms minimum")));
    }

    @Test
    void theDailyCapStopsPointsUntilTheNextDay() {
        long labeler = Fixtures.labeler().id();
        Instant day = Instant.parse("2030-01-15T08:00:00Z"); // default rule: 10 points, cap 1000 a day
        for (int i = 0; i < 101; i++) {
            ledger.score(answer(labeler, 5_000, day.plusSeconds(i)));
        }
        assertEquals(1000, ledger.total(labeler));
        ledger.score(answer(labeler, 5_000, day.plus(Duration.ofDays(1))));
        assertEquals(1010, ledger.total(labeler));
    }

    @Test
    void theDayKeptOnTheProgressRowCountsLikeTheLedgerThroughDropsAndLateAnswers() {
        long labeler = Fixtures.labeler().id();
        Instant day = Instant.parse("2031-03-10T08:00:00Z"); // default rule: 10 points, cap 1000 a day
        AnswerAssessed first = answer(labeler, 5_000, day);
        ledger.score(first);
        for (int i = 1; i < 100; i++) {
            ledger.score(answer(labeler, 5_000, day.plusSeconds(i)));
        }
        assertEquals(1000, ledger.total(labeler));
        // a drop the same day takes 10 back: the day's ledger has room for one more answer, as before the counter
        assertTrue(ledger.reverse(new SubmissionDropped(Outbox.newEventId(), first.submissionId(), labeler, termsCampaign,
                "copied answers", day.plusSeconds(200))));
        ledger.score(answer(labeler, 5_000, day.plusSeconds(300)));
        assertEquals(1000, ledger.total(labeler));
        ledger.score(answer(labeler, 5_000, day.plusSeconds(301)));
        assertEquals(1000, ledger.total(labeler), "capped again");
        // the next day starts empty; an answer of the day before that arrives late is capped by its own day
        Instant next = day.plus(Duration.ofDays(1));
        ledger.score(answer(labeler, 5_000, next));
        ledger.score(answer(labeler, 5_000, day.plusSeconds(400)));
        ledger.score(answer(labeler, 5_000, next.plusSeconds(1)));
        assertEquals(1020, ledger.total(labeler));
    }

    @Test
    void anAnswerThroughTheApiEarnsPointsVisibleToItsLabeler() throws InterruptedException {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        long task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").jsonPath().getLong("taskId");
        Thread.sleep(3_100); // the default rule pays nothing for answers under 3 s
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", "A"))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer").then().statusCode(201);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                as(labeler.token()).get("/api/me/progress").then().statusCode(200)
                        .body("points", equalTo(10)).body("level", equalTo(2))
                        .body("recent", hasSize(1))
                        .body("recent[0].reason", containsString("10 points for an accepted answer")));
    }

    @Test
    void aDroppedAnswerIsReversedOnceThroughTheDropsChannel() {
        long labeler = Fixtures.labeler().id();
        AnswerAssessed kept = answer(labeler, 10_000, Instant.now());
        AnswerAssessed dropped = answer(labeler, 10_000, Instant.now());
        ledger.score(kept);
        ledger.score(dropped);
        SubmissionDropped drop = new SubmissionDropped(Outbox.newEventId(), dropped.submissionId(), labeler, termsCampaign,
                "always picked the left reply", Instant.now());
        // twice, as a redelivery would: the relay carries both over the broker to the game consumer
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.append(Channels.ASSESSMENTS_OUT, drop);
            outbox.append(Channels.ASSESSMENTS_OUT, new SubmissionDropped(Outbox.newEventId(), drop.submissionId(),
                    labeler, termsCampaign, drop.reason(), drop.droppedAt()));
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> rows(labeler) == 3);
        assertEquals(10, ledger.total(labeler));
        List<LedgerEntry> reversals = QuarkusTransaction.requiringNew().call(() ->
                LedgerEntry.<LedgerEntry>list("labelerId = ?1 and kind = ?2", labeler, LedgerEntry.Kind.REVERSAL));
        assertEquals(1, reversals.size());
        assertEquals(-10, reversals.get(0).points);
        assertTrue(reversals.get(0).reason.contains("always picked the left reply"));
        assertFalse(ledger.reverse(drop));
    }

    @Test
    void aRuleChangeAppliesFromItsEffectiveTimeAndIsAudited() {
        String admin = Fixtures.adminToken();
        Instant from = Instant.parse("2040-01-01T00:00:00Z");
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("basePoints", 25, "minMillisPerTask", 3000, "dailyCap", 5000, "effectiveFrom", from.toString(),
                        "note", "double weekend"))
                .post("/api/admin/rules").then().statusCode(201).body("basePoints", equalTo(25));
        long labeler = Fixtures.labeler().id();
        ledger.score(answer(labeler, 5_000, from.minusSeconds(1)));
        ledger.score(answer(labeler, 5_000, from.plusSeconds(1)));
        assertEquals(10 + 25, ledger.total(labeler));
        as(admin).get("/api/admin/rules/audit").then().statusCode(200)
                .body("[0].actor", equalTo(Fixtures.ADMIN)).body("[0].after", containsString("25 points an answer"));
        as(admin).contentType(ContentType.JSON)
                .body(Map.of("basePoints", 5, "minMillisPerTask", 0, "dailyCap", 10, "effectiveFrom", "2001-01-01T00:00:00Z"))
                .post("/api/admin/rules").then().statusCode(400).body("detail", containsString("in the past"));
        as(Fixtures.labeler().token()).contentType(ContentType.JSON).body(Map.of("basePoints", 1000))
                .post("/api/admin/rules").then().statusCode(403);
    }
}
