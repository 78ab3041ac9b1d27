package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.platform.Outbox;
import dev.laurel.quality.AnswerAssessed;
import dev.laurel.quality.SubmissionDropped;
import dev.laurel.campaign.TaskKind;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** New labelers' points are pending until gold evidence releases (or reverses) them; epochs pay only payable rows. */
@QuarkusTest
@TestProfile(ProbationProfile.class)
class ProbationTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(29_000_000);

    @Inject
    PointsLedger ledger;

    private static AnswerAssessed answer(long labeler, Instant at, Boolean gold) {
        return new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, 1, labeler, "A", 5_000, at,
                TaskKind.PAIRWISE, gold);
    }

    private long payable(long labeler, Instant from, Instant to) {
        PointsLedger.WindowPoints points = ledger.pointsBetween(from, to).get(labeler);
        return points == null ? 0 : points.points();
    }

    private static LabelerProgress progressOf(long labeler) {
        return QuarkusTransaction.requiringNew().call(() -> LabelerProgress.<LabelerProgress>findById(labeler));
    }

    private static long reversals(long labeler) {
        return QuarkusTransaction.requiringNew().call(() ->
                LedgerEntry.count("labelerId = ?1 and kind = ?2", labeler, LedgerEntry.Kind.REVERSAL));
    }

    @Test
    void aNewLabelersPointsArePendingOutOfEveryEpochWindowAndSaySo() {
        Fixtures.User labeler = Fixtures.labeler();
        Instant start = Instant.now().minus(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertTrue(ledger.score(answer(labeler.id(), start.plusSeconds(i), null)));
        }
        assertEquals(50, ledger.total(labeler.id()), "the level still moves");
        assertEquals(50, ledger.pending(labeler.id()));
        assertFalse(ledger.pointsBetween(start.minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)))
                .containsKey(labeler.id()), "no epoch pays pending points");
        as(labeler.token()).get("/api/me/progress").then().statusCode(200)
                .body("points", equalTo(50))
                .body("probation.pendingPoints", equalTo(50))
                .body("probation.explanation", containsString("pending until you have answered 10 check questions with at least 60 % right"))
                .body("recent[0].pending", equalTo(true));
        Fixtures.browser(Fixtures.login(labeler.username(), Fixtures.PASSWORD)).get("/profile").then().statusCode(200)
                .body(containsString("50 XP pending."));
    }

    @Test
    void enoughRightGoldAnswersReleaseThePointsIntoTheWindowOfTheReleaseAndLeaveThePastWindowAsItWas() {
        long labeler = Fixtures.labeler().id();
        Instant earlier = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < 5; i++) {
            ledger.score(answer(labeler, earlier.plusSeconds(i), null));
        }
        Instant pastEnd = Instant.now();
        Instant pastStart = earlier.minus(Duration.ofHours(1));
        assertEquals(0, payable(labeler, pastStart, pastEnd)); // an epoch over this window, computed now, pays nothing

        for (int i = 0; i < 9; i++) {
            ledger.score(answer(labeler, Instant.now(), true));
        }
        assertNull(progressOf(labeler).releasedAt, "nine gold answers are fewer than the ten needed");
        assertTrue(ledger.pending(labeler) > 50);
        ledger.score(answer(labeler, Instant.now(), true));

        LabelerProgress released = progressOf(labeler);
        assertNotNull(released.releasedAt);
        assertEquals(0, ledger.pending(labeler));
        assertEquals(0, payable(labeler, pastStart, pastEnd), "an epoch computed before the release does not change");
        PointsLedger.WindowPoints now = ledger.pointsBetween(pastEnd, Instant.now().plusSeconds(1)).get(labeler);
        assertEquals(ledger.total(labeler), now.points(), "everything pending is paid in the window of the release");
        assertEquals(15, now.answers());

        ledger.score(answer(labeler, Instant.now(), null)); // after release: paid as earned
        assertEquals(0, ledger.pending(labeler));
        assertEquals(ledger.total(labeler), payable(labeler, pastEnd, Instant.now().plusSeconds(1)));
    }

    @Test
    void aRandomClickerIsNeverReleasedAndTheirPendingPointsAreReversedOnceTheEvidenceIsClear() {
        long labeler = Fixtures.labeler().id();
        Instant start = Instant.now().minus(Duration.ofDays(10));
        int answers = 0;
        // half the gold right, as a random pairwise clicker; one ordinary answer between gold ones; an hour apart
        // so the daily cap does not hide the points
        for (int gold = 1; gold <= 110; gold++) {
            ledger.score(answer(labeler, start.plus(Duration.ofHours(answers++)), null));
            ledger.score(answer(labeler, start.plus(Duration.ofHours(answers++)), gold % 2 == 0));
            if (gold == 20) {
                assertEquals(0, reversals(labeler), "ten of twenty right is no evidence yet either way");
                assertTrue(ledger.pending(labeler) > 0);
            }
        }
        assertNull(progressOf(labeler).releasedAt);
        assertTrue(reversals(labeler) > 0);
        assertEquals(0, ledger.pending(labeler), "the last gold answer reversed everything still pending");
        assertEquals(0, ledger.total(labeler), "what was pending is taken back");
        assertFalse(ledger.pointsBetween(start.minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)))
                .containsKey(labeler), "never paid, and no negative row for an epoch either");
    }

    @Test
    void aDroppedAnswerOnProbationIsReversedWithoutEverBeingPayable() {
        long labeler = Fixtures.labeler().id();
        Instant at = Instant.now().minus(Duration.ofMinutes(5));
        AnswerAssessed kept = answer(labeler, at, null);
        AnswerAssessed dropped = answer(labeler, at.plusSeconds(1), null);
        ledger.score(kept);
        ledger.score(dropped);
        assertTrue(ledger.reverse(new SubmissionDropped(Outbox.newEventId(), dropped.submissionId(), labeler, 1,
                "too fast", Instant.now())));
        assertEquals(10, ledger.total(labeler));
        assertEquals(10, ledger.pending(labeler));
        assertFalse(ledger.pointsBetween(at.minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)))
                .containsKey(labeler));

        for (int i = 0; i < 10; i++) {
            ledger.score(answer(labeler, Instant.now(), true));
        }
        assertEquals(ledger.total(labeler), payable(labeler, at, Instant.now().plusSeconds(1)),
                "the release pays the kept answer, not the dropped one");
    }
}
