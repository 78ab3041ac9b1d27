package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.campaign.TaskKind;
import dev.laurel.platform.Outbox;
import dev.laurel.quality.AnswerAssessed;
import dev.laurel.quality.SubmissionDropped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Settlement (issue 13, economy): points become payable only after the settlement delay; an answer dropped within it
 * is reversed before any epoch pays it, one dropped after it is clawed back from the next epoch; an epoch is computed
 * only once its window plus the delay has passed; a labeler who stopped answering on probation is still decided.
 */
@QuarkusTest
@TestProfile(SettlementProfile.class)
class SettlementTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(37_000_000);
    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    @Inject
    PointsLedger ledger;
    @Inject
    Reinstatements reinstatements;

    private static AnswerAssessed answer(long labeler, Instant at, Boolean gold) {
        return new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, 1, labeler, "A", 5_000, at,
                TaskKind.PAIRWISE, gold);
    }

    private long payableEver(long labeler) {
        PointsLedger.WindowPoints points = ledger.pointsBetween(LONG_AGO, Instant.now().plus(Duration.ofDays(1))).get(labeler);
        return points == null ? 0 : points.points();
    }

    /** A labeler out of probation: ten right check answers, two days ago (settled long since). */
    private long releasedLabeler() {
        long labeler = Fixtures.labeler().id();
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        for (int i = 0; i < 10; i++) {
            ledger.score(answer(labeler, twoDaysAgo.plusSeconds(i), true));
        }
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> LabelerProgress.<LabelerProgress>findById(labeler)).releasedAt);
        return labeler;
    }

    private static SubmissionDropped drop(AnswerAssessed answer, Instant at) {
        return new SubmissionDropped(Outbox.newEventId(), answer.submissionId(), answer.labelerId(), 1, "collusion", at);
    }

    @Test
    void anAnswerDroppedWithinTheSettlementDelayIsReversedBeforeItIsEverPaid() {
        long labeler = releasedLabeler();
        long before = payableEver(labeler);
        AnswerAssessed recent = answer(labeler, Instant.now().minus(Duration.ofMinutes(30)), null);
        ledger.score(recent);
        assertEquals(before + 10, payableEver(labeler), "payable once settled: counted in the epoch of its window");

        assertTrue(ledger.reverse(drop(recent, Instant.now())));
        assertEquals(before, payableEver(labeler), "neither the answer nor its reversal reaches any epoch");
        assertEquals(before, ledger.total(labeler));
        assertEquals(0, QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count(
                "submissionId = ?1 and payableAt is not null", recent.submissionId())));
    }

    @Test
    void aDropClearedWithinTheSettlementDelayIsPaidAfterAllAndOnProbationWaitsWithTheRest() {
        long labeler = releasedLabeler();
        long before = payableEver(labeler);
        AnswerAssessed recent = answer(labeler, Instant.now().minus(Duration.ofMinutes(30)), null);
        ledger.score(recent);
        assertTrue(ledger.reverse(drop(recent, Instant.now())));
        assertEquals(before, payableEver(labeler));
        QuarkusTransaction.requiringNew().run(() -> reinstatements.restore(labeler, 1, "a false alarm", Instant.now()));
        assertEquals(before + 10, payableEver(labeler), "the cleared answer's points reach an epoch once");
        assertEquals(before + 10, ledger.total(labeler));

        long onProbation = Fixtures.labeler().id();
        AnswerAssessed pending = answer(onProbation, Instant.now().minus(Duration.ofMinutes(30)), null);
        ledger.score(pending);
        assertTrue(ledger.reverse(drop(pending, Instant.now())));
        QuarkusTransaction.requiringNew().run(() -> reinstatements.restore(onProbation, 1, "a false alarm", Instant.now()));
        assertEquals(0, payableEver(onProbation), "still on probation: nothing payable yet");
        assertEquals(10, ledger.pending(onProbation), "pending again, released or reversed with the rest");
    }

    @Test
    void anAnswerDroppedAfterSettlementIsClawedBackFromTheEpochOfTheDrop() {
        long labeler = releasedLabeler();
        AnswerAssessed old = answer(labeler, Instant.now().minus(Duration.ofHours(3)), null);
        ledger.score(old);
        Instant dropped = Instant.now();
        assertTrue(ledger.reverse(drop(old, dropped)));
        PointsLedger.WindowPoints later = ledger.pointsBetween(dropped, dropped.plusSeconds(1)).get(labeler);
        assertNotNull(later, "the reversal counts where the drop happened");
        assertEquals(-10, later.points());
    }

    @Test
    void anEpochIsComputedOnlyOnceItsWindowPlusTheSettlementDelayHasPassedAndAdminsSeeTheDelay() {
        Instant end = Instant.now().minus(Duration.ofMinutes(10));
        long number = as(Fixtures.adminToken()).contentType(ContentType.JSON).body(Map.of("budget", "1000",
                        "windowStart", end.minus(Duration.ofDays(1)).toString(), "windowEnd", end.toString(),
                        "claimDeadline", end.plus(Duration.ofDays(30)).toString()))
                .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");
        as(Fixtures.adminToken()).post("/api/payout/epochs/" + number + "/compute").then().statusCode(409)
                .contentType("application/problem+json")
                // to the second: the stored window end keeps microseconds
                .body("detail", containsString("settle until " + end.plus(Duration.ofHours(1)).toString().substring(0, 19)))
                .body("detail", containsString("settlement delay of 1 h"));

        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(admin).get("/payout/admin").then().statusCode(200).body(containsString("Settlement delay: <strong>1 h</strong>"));
        Fixtures.browser(admin).get("/admin/rules").then().statusCode(200)
                .body(containsString("<strong data-testid=\"settlement-delay\">1 h</strong>"));
    }

    @Test
    void aLabelerWhoStoppedAnsweringOnProbationIsDecidedOnTheEvidenceThereIs() {
        long idleRight = Fixtures.labeler().id(); // 4 of 4 check answers right, too few to release, then gone
        long idleSilent = Fixtures.labeler().id(); // no check answer at all
        long active = Fixtures.labeler().id(); // still answering: their pending points are recent
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < 4; i++) {
            ledger.score(answer(idleRight, twoHoursAgo.plusSeconds(i), true));
            ledger.score(answer(idleRight, twoHoursAgo.plusSeconds(10 + i), null));
            ledger.score(answer(idleSilent, twoHoursAgo.plusSeconds(i), null));
            ledger.score(answer(active, Instant.now().minusSeconds(60 - i), null));
        }
        assertTrue(ledger.pending(idleRight) > 0);

        ledger.settleProbation(Instant.now());

        assertEquals(0, ledger.pending(idleRight));
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> LabelerProgress.<LabelerProgress>findById(idleRight)).releasedAt);
        assertEquals(ledger.total(idleRight), payableEver(idleRight), "released: payable from now, after settlement");
        assertEquals(0, ledger.pending(idleSilent));
        assertEquals(0, ledger.total(idleSilent), "no check answer: nothing proven, the pending points are reversed");
        assertFalse(ledger.pointsBetween(LONG_AGO, Instant.now().plus(Duration.ofDays(1))).containsKey(idleSilent));
        assertTrue(ledger.pending(active) > 0, "recent pending points wait for more evidence");
        assertNull(QuarkusTransaction.requiringNew().call(() -> LabelerProgress.<LabelerProgress>findById(active)).releasedAt);
    }
}
