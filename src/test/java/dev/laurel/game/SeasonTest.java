package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.platform.Outbox;
import dev.laurel.campaign.TaskKind;
import dev.laurel.quality.AnswerAssessed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: a scripted season of 200 labelers over 30 simulated days with mixed behaviour
 * (grinders who hit the daily cap, casual players, speedsters under the minimum time, gold takers who
 * sometimes fail), three campaigns (one with a bonus pool), a quest, and a rule change on day 16.
 * Everything is checked against the ledger alone: totals, every leaderboard row, the top of the boards,
 * the rule change's boundary, the pool, and that replaying every event twice changes nothing.
 */
@QuarkusTest
class SeasonTest {
    private static final Instant START = Instant.parse("2050-01-01T00:00:00Z");
    private static final Instant CHANGE = Instant.parse("2050-01-16T00:00:00Z");
    private static final int LABELERS = 200;
    private static final int DAYS = 30;

    @Inject
    PointsLedger ledger;
    @Inject
    GameEvents events;
    @Inject
    Leaderboards leaderboards;
    @Inject
    ObjectMapper json;
    @Inject
    EntityManager em;

    private record Row(long labeler, long campaign, int ruleVersion, String kind, long points, String reason, Instant at) {
    }

    @Test
    void aSeasonAddsUpFromTheLedgerAndReplayingItChangesNothing() throws Exception {
        String admin = Fixtures.adminToken();
        int ruleA = publish(admin, START, 10, 60);
        int ruleB = publish(admin, CHANGE, 12, 60);
        long base = 8_000_000 + new Random().nextInt(900_000) * 3L;
        long[] campaigns = {base, base + 1, base + 2};
        as(admin).contentType(ContentType.JSON).body(Map.of("bonusPerAnswer", 3, "budget", 500))
                .put("/api/admin/campaigns/" + campaigns[2] + "/reward").then().statusCode(200);
        as(admin).contentType(ContentType.JSON).body(Map.of("title", "Season sprint", "metric", "ANSWERS", "target", 25,
                        "startsAt", START.toString(), "endsAt", START.plus(Duration.ofDays(DAYS)).toString(), "rewardPoints", 100))
                .post("/api/admin/quests").then().statusCode(201);

        List<Long> labelers = new ArrayList<>();
        String run = Fixtures.unique("season");
        for (int i = 0; i < LABELERS; i++) {
            labelers.add(as(admin).contentType(ContentType.JSON)
                    .body(Map.of("username", run + "-" + i, "password", Fixtures.PASSWORD, "role", "labeler"))
                    .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id"));
        }

        Random random = new Random(20500101);
        List<AnswerAssessed> season = new ArrayList<>();
        long submission = base * 100;
        for (int day = 0; day < DAYS; day++) {
            for (int i = 0; i < LABELERS; i++) {
                int behaviour = i % 4; // 0 grinder, 1 casual, 2 speedster, 3 gold taker
                double activeChance = new double[] {0.6, 0.35, 0.4, 0.5}[behaviour];
                if (random.nextDouble() >= activeChance) {
                    continue;
                }
                int answers = new int[] {7, 1, 2, 2}[behaviour];
                Instant at = START.plus(Duration.ofDays(day)).plusSeconds(3600 + random.nextInt(36_000));
                for (int a = 0; a < answers; a++) {
                    at = at.plusSeconds(20 + random.nextInt(60));
                    long duration = behaviour == 2 && random.nextBoolean() ? 800 : 4000 + random.nextInt(20_000);
                    Boolean gold = behaviour == 3 ? Boolean.valueOf(random.nextDouble() < 0.8) : null;
                    long campaign = campaigns[random.nextInt(3)];
                    season.add(new AnswerAssessed(Outbox.newEventId(), ++submission, 1, campaign, labelers.get(i), "A", duration, at, TaskKind.PAIRWISE, gold));
                }
            }
        }
        long started = System.nanoTime();
        for (AnswerAssessed event : season) {
            assertTrue(ledger.score(event));
        }
        System.out.printf("season: %d events scored in %d ms%n", season.size(), (System.nanoTime() - started) / 1_000_000);

        Map<String, Long> before = snapshot(labelers);
        for (int round = 0; round < 2; round++) { // every event again, through the consumer, as a redelivery would
            List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
            for (AnswerAssessed event : season) {
                var ack = new java.util.concurrent.CompletableFuture<Void>();
                acks.add(ack);
                events.onQualityEvent(org.eclipse.microprofile.reactive.messaging.Message.of(json.writeValueAsString(event))
                        .withAck(() -> {
                            ack.complete(null);
                            return java.util.concurrent.CompletableFuture.completedFuture(null);
                        }));
            }
            java.util.concurrent.CompletableFuture.allOf(acks.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertEquals(before, snapshot(labelers), "replaying the season twice changed nothing");

        List<Row> rows = rows(labelers);
        // totals: the ledger sum per labeler is their total and their all-time global board row
        Map<Long, Long> totals = rows.stream().collect(Collectors.groupingBy(Row::labeler, Collectors.summingLong(Row::points)));
        for (long labeler : labelers) {
            assertEquals(totals.getOrDefault(labeler, 0L), ledger.total(labeler));
        }
        // every board row (global and per campaign, each day, week, month and all time) from the ledger alone
        Map<String, Long> expected = new TreeMap<>();
        for (Row row : rows) {
            for (String scope : List.of("global", "c:" + row.campaign())) {
                for (Leaderboards.Period period : Leaderboards.Period.values()) {
                    if (period == Leaderboards.Period.ALL && scope.equals("global")) {
                        continue; // all-time global also holds other tests' points of these labelers: none, but checked above
                    }
                    expected.merge(scope + "|" + period.keyAt(row.at()) + "|" + row.labeler(), row.points(), Long::sum);
                }
            }
        }
        Map<String, Long> stored = boardRows(labelers);
        expected.forEach((key, points) -> assertEquals(points, stored.getOrDefault(key, points == 0 ? 0L : null), key));
        assertEquals(expected.keySet().stream().filter(k -> expected.get(k) != 0 || stored.containsKey(k)).count(),
                stored.keySet().stream().filter(expected::containsKey).count());
        // the top of a campaign's all-time board, ranked independently from the ledger
        Map<Long, Long> campaignTotals = rows.stream().filter(r -> r.campaign() == campaigns[0])
                .collect(Collectors.groupingBy(Row::labeler, Collectors.summingLong(Row::points)));
        List<Long> independentTop = campaignTotals.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparingLong(Map.Entry::getKey))
                .limit(20).map(Map.Entry::getKey).toList();
        Leaderboards.Board board = QuarkusTransaction.requiringNew().call(() ->
                leaderboards.board("all", campaigns[0], labelers.get(7), 20));
        assertEquals(independentTop, board.top().stream().map(Leaderboards.Row::labelerId).toList());
        assertEquals(campaignTotals.get(labelers.get(7)), board.me().points());

        // the rule change applies only from its effective time
        for (Row row : rows) {
            if (row.kind().equals("QUEST")) {
                continue;
            }
            assertEquals(row.at().isBefore(CHANGE) ? ruleA : ruleB, row.ruleVersion(), row.toString());
            if (row.kind().equals("AWARD") && row.reason().startsWith(row.points() + " points for an accepted answer")) {
                assertEquals(row.at().isBefore(CHANGE) ? 10 : 12, row.points(), row.toString());
            }
        }
        // the daily cap (60 a UTC day, quests on top) held for every labeler and day
        Map<String, Long> perDay = rows.stream().filter(r -> !r.kind().equals("QUEST")).collect(Collectors.groupingBy(
                r -> r.labeler() + "|" + r.at().toString().substring(0, 10), Collectors.summingLong(Row::points)));
        assertTrue(perDay.values().stream().allMatch(p -> p <= 60), "daily cap");
        assertTrue(perDay.values().stream().anyMatch(p -> p == 60), "grinders reach the cap");
        // the pool was drawn down exactly: what was paid is what left it
        long bonusPaid = rows.stream().filter(r -> r.kind().equals("CAMPAIGN_BONUS")).mapToLong(Row::points).sum();
        long left = as(admin).get("/api/admin/campaigns/" + campaigns[2] + "/reward").jsonPath().getLong("budgetLeft");
        assertEquals(500, bonusPaid + left);
        assertEquals(0, left, "a season of answers empties a 500-point pool");
        // the quest paid once per labeler who reached 25 answers
        long questRows = rows.stream().filter(r -> r.kind().equals("QUEST")).count();
        long reached = season.stream().collect(Collectors.groupingBy(AnswerAssessed::labelerId, Collectors.counting()))
                .values().stream().filter(n -> n >= 25).count();
        assertEquals(reached, questRows);
        assertTrue(rows.stream().anyMatch(r -> r.kind().equals("STREAK_BONUS")));
        assertTrue(rows.stream().anyMatch(r -> r.kind().equals("COMBO_BONUS")));
        assertTrue(rows.stream().anyMatch(r -> r.kind().equals("GOLD_PENALTY")));
    }

    private static int publish(String admin, Instant from, int basePoints, int cap) {
        return as(admin).contentType(ContentType.JSON)
                .body(Map.ofEntries(Map.entry("basePoints", basePoints), Map.entry("minMillisPerTask", 3000),
                        Map.entry("dailyCap", cap), Map.entry("effectiveFrom", from.toString()), Map.entry("goldBonus", 5),
                        Map.entry("goldPenalty", 2), Map.entry("streakMinDays", 3), Map.entry("streakBonus", 2),
                        Map.entry("comboSize", 3), Map.entry("comboBonus", 5), Map.entry("comboGapSeconds", 120),
                        Map.entry("note", "season")))
                .post("/api/admin/rules").then().statusCode(201).extract().jsonPath().getInt("version");
    }

    private List<Row> rows(List<Long> labelers) {
        return QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("labelerId in ?1", labelers).stream()
                .map(e -> new Row(e.labelerId, e.campaignId, e.ruleVersion, e.kind.name(), e.points, e.reason, e.createdAt))
                .toList());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> boardRows(List<Long> labelers) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> rows = new HashMap<>();
            List<Object[]> found = em.createNativeQuery("select scope, period, labeler_id, points from leaderboard_score"
                    + " where labeler_id in (?1) and not (scope = 'global' and period = 'all')").setParameter(1, labelers).getResultList();
            for (Object[] r : found) {
                rows.put(r[0] + "|" + r[1] + "|" + ((Number) r[2]).longValue(), ((Number) r[3]).longValue());
            }
            return rows;
        });
    }

    private Map<String, Long> snapshot(List<Long> labelers) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> counts = new TreeMap<>();
            counts.put("ledger rows", LedgerEntry.count("labelerId in ?1", labelers));
            counts.put("ledger sum", labelers.stream().mapToLong(ledger::total).sum());
            counts.put("board sum", ((Number) em.createNativeQuery("select coalesce(sum(points), 0) from leaderboard_score where labeler_id in (?1)")
                    .setParameter(1, labelers).getSingleResult()).longValue());
            counts.put("notifications", Notification.count("labelerId in ?1", labelers));
            counts.put("badges", ((Number) em.createNativeQuery("select count(*) from labeler_badge where labeler_id in (?1)")
                    .setParameter(1, labelers).getSingleResult()).longValue());
            counts.put("quest progress", ((Number) em.createNativeQuery("select coalesce(sum(progress), 0) from quest_progress where labeler_id in (?1)")
                    .setParameter(1, labelers).getSingleResult()).longValue());
            return counts;
        });
    }
}
