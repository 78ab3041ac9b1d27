package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.platform.Outbox;
import dev.laurel.quality.AnswerAssessed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeaderboardsTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(7_000_000);

    @Inject
    PointsLedger ledger;
    @Inject
    Leaderboards leaderboards;

    @Test
    void boardsEqualAnIndependentSumOfTheLedgerWithDeterministicTies() {
        long campaign = ThreadLocalRandom.current().nextLong(100_000_000, 900_000_000); // a scope of our own
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            labelers.add(Fixtures.labeler());
        }
        Random random = new Random(42);
        for (Fixtures.User labeler : labelers) {
            int answers = random.nextInt(6); // 0..5 answers of 10 points: ties are certain among 8 labelers
            for (int a = 0; a < answers; a++) {
                ledger.score(new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, campaign, labeler.id(), "A", 5_000, Instant.now()));
            }
        }
        Map<Long, Long> sums = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("campaignId", campaign)
                .stream().collect(Collectors.groupingBy(e -> e.labelerId, Collectors.summingLong(e -> e.points))));
        List<Map.Entry<Long, Long>> expected = sums.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparingLong(Map.Entry::getKey))
                .toList();

        for (String period : List.of("all", "month", "week", "day")) {
            Leaderboards.Board board = QuarkusTransaction.requiringNew().call(() ->
                    leaderboards.board(period, campaign, labelers.get(0).id(), 100));
            assertEquals(expected.size(), board.top().size(), period);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).getKey(), board.top().get(i).labelerId(), period + " rank " + (i + 1));
                assertEquals(expected.get(i).getValue(), board.top().get(i).points());
                assertEquals(i + 1, board.top().get(i).rank());
            }
        }
    }

    @Test
    void aLabelerFarOutsideTheTopSeesTheirRankAndNeighbours() {
        long campaign = Fixtures.openCampaign(Fixtures.modeler(), 1, 1, null); // a board is shown only for a visible campaign
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            Fixtures.User labeler = Fixtures.labeler();
            labelers.add(labeler);
            for (int a = 0; a < 7 - i; a++) { // strictly decreasing totals: 70, 60, ..., 10
                ledger.score(new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, campaign, labeler.id(), "B", 5_000, Instant.now()));
            }
        }
        Fixtures.User last = labelers.get(6);
        // a real campaign's id is small and other tests score fixed small campaign ids: the ledger says where
        // our labeler stands among everyone on this campaign's all-time board
        Map<Long, Long> byLabeler = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("campaignId", campaign)
                .stream().collect(Collectors.groupingBy(e -> e.labelerId, Collectors.summingLong(e -> e.points))));
        List<Long> totals = byLabeler.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparingLong(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        int rank = totals.indexOf(last.id()) + 1;
        assertTrue(rank >= 7, "below the six we scored higher: " + rank);
        as(last.token()).get("/api/leaderboards?period=all&size=2&campaign=" + campaign).then().statusCode(200)
                .body("top.size()", equalTo(2))
                .body("me.rank", equalTo(rank)).body("me.points", equalTo(10))
                .body("around.rank", equalTo(List.of(rank - 2, rank - 1, rank)))
                .body("around.points", equalTo(List.of(byLabeler.get(totals.get(rank - 3)).intValue(),
                        byLabeler.get(totals.get(rank - 2)).intValue(), 10)));
        as(last.token()).get("/api/leaderboards?period=fortnight").then().statusCode(400)
                .body("detail", containsString("day, week, month, all"));
    }

    @Test
    void belowTheRankCountLimitTheNeighboursComeWithLowerBoundsAndAboveItExactRanks() {
        long campaign = ThreadLocalRandom.current().nextLong(100_000_000, 900_000_000); // a scope of our own
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Fixtures.User labeler = Fixtures.labeler();
            labelers.add(labeler);
            for (int a = 0; a < 6 - i; a++) { // strictly decreasing totals
                ledger.score(new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, campaign, labeler.id(), "A", 5_000, Instant.now()));
            }
        }
        long fifth = labelers.get(4).id();
        Leaderboards.Board exact = QuarkusTransaction.requiringNew().call(() -> leaderboards.board("all", campaign, fifth, 2, 5));
        assertEquals(List.of(3L, 4L, 5L, 6L), exact.around().stream().map(Leaderboards.Row::rank).toList());
        assertTrue(exact.around().stream().allMatch(Leaderboards.Row::exact));
        // counting stops at 3 rows above the fifth: the same neighbours, in the same order, ranked "at least"
        Leaderboards.Board capped = QuarkusTransaction.requiringNew().call(() -> leaderboards.board("all", campaign, fifth, 2, 3));
        assertEquals(exact.around().stream().map(Leaderboards.Row::labelerId).toList(),
                capped.around().stream().map(Leaderboards.Row::labelerId).toList());
        assertTrue(capped.around().stream().noneMatch(Leaderboards.Row::exact));
        assertEquals(List.of(2L, 3L, 4L, 5L), capped.around().stream().map(Leaderboards.Row::rank).toList(), "lower bounds");
        assertEquals(fifth, capped.me().labelerId());
        // the top is always exact
        assertTrue(capped.top().stream().allMatch(Leaderboards.Row::exact));
        assertEquals(List.of(1L, 2L), capped.top().stream().map(Leaderboards.Row::rank).toList());
    }

    @Test
    void aDraftCampaignsBoardIsHiddenFromThoseWhoCannotSeeTheCampaign() {
        Fixtures.User owner = Fixtures.modeler();
        long draft = Fixtures.draftCampaign(owner, 1, null);
        as(Fixtures.labeler().token()).get("/api/leaderboards?campaign=" + draft).then().statusCode(404)
                .contentType("application/problem+json");
        as(Fixtures.modeler().token()).get("/api/leaderboards?campaign=" + draft).then().statusCode(404);
        as(owner.token()).get("/api/leaderboards?campaign=" + draft).then().statusCode(200);
        as(Fixtures.adminToken()).get("/api/leaderboards?campaign=" + draft).then().statusCode(200);
    }
}
