package dev.laurel.game;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.User;
import dev.laurel.platform.Outbox;
import dev.laurel.quality.AnswerAssessed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The labelers' leaderboard page, read as HTML: what a labeler far from the top sees, by period and campaign. */
@QuarkusTest
class LeaderboardPagesTest {
    private static final AtomicLong SUBMISSION = new AtomicLong(8_000_000);
    /** A row of the board table: which part (top or pinned), whether it is the viewer's, rank, username, points. */
    private static final Pattern ROW = Pattern.compile("<tr data-testid=\"(top|pinned)-row\"( class=\"mine\"[^>]*)?>"
            + "<td>(\\d+)</td><td class=\"name\">([^<]*)(?:<span class=\"you\">\\(you\\)</span>)?</td><td class=\"num\">(-?\\d+)</td>");

    @Inject
    PointsLedger ledger;

    record Line(String part, boolean mine, long rank, String username, long points) {
    }

    @Test
    void aLabelerFarFromTheTopSeesTheirRankAndNeighboursForThePeriodAsked() {
        long campaign = Fixtures.openCampaign(Fixtures.modeler(), 1, 1, null);
        Instant now = Instant.now();
        Instant fortyDaysAgo = now.minus(Duration.ofDays(40)); // another day, week and month: counts on "all" only
        List<Fixtures.User> leaders = new ArrayList<>();
        for (int i = 0; i < GamePages.LEADERBOARD_TOP + 2; i++) { // more than the top above the viewer today
            Fixtures.User leader = Fixtures.labeler();
            leaders.add(leader);
            answer(campaign, leader, now, 2);
        }
        Fixtures.User viewer = Fixtures.labeler();
        answer(campaign, viewer, fortyDaysAgo, 6); // all time: above everyone who answered only today
        answer(campaign, viewer, now, 1);           // today: below the leaders
        Fixtures.Session session = Fixtures.login(viewer.username(), Fixtures.PASSWORD);

        // today's board, from the ledger alone
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        List<Map.Entry<Long, Long>> day = standings(campaign, at -> at.atZone(ZoneOffset.UTC).toLocalDate().equals(today));
        int rank = rankOf(day, viewer.id());
        assertTrue(rank > GamePages.LEADERBOARD_TOP + 1, "the viewer is far below today's top: " + rank);
        List<Line> lines = rows(page(session, "period=day&campaign=" + campaign));
        List<Line> top = lines.stream().filter(l -> l.part().equals("top")).toList();
        List<Line> pinned = lines.stream().filter(l -> l.part().equals("pinned")).toList();
        assertEquals(GamePages.LEADERBOARD_TOP, top.size());
        assertTrue(top.stream().noneMatch(Line::mine), "the viewer is not in the top");
        for (int i = 0; i < top.size(); i++) {
            assertEquals(i + 1, top.get(i).rank());
            assertEquals(day.get(i).getValue(), top.get(i).points());
        }
        // pinned below the top: two neighbours above, the viewer, and whoever follows (no one here)
        List<Long> expectedRanks = new ArrayList<>();
        for (int r = rank - 2; r <= Math.min(rank + 2, day.size()); r++) {
            expectedRanks.add((long) r);
        }
        assertEquals(expectedRanks, pinned.stream().map(Line::rank).toList());
        for (Line line : pinned) {
            Map.Entry<Long, Long> expected = day.get((int) line.rank() - 1);
            assertEquals(expected.getValue(), line.points(), "points of rank " + line.rank());
            assertEquals(username(expected.getKey()), line.username(), "who is rank " + line.rank());
            assertEquals(expected.getKey() == viewer.id(), line.mine(), "only the viewer's row is marked");
        }
        String dayPage = page(session, "period=day&campaign=" + campaign);
        assertTrue(dayPage.contains("You are <strong>#" + rank + "</strong> with " + day.get(rank - 1).getValue() + " points"),
                "the page states the viewer's rank");
        assertTrue(dayPage.contains("aria-current=\"page\" class=\"current\" data-testid=\"period-day\""), "today's tab is current");

        // all time: the answers of forty days ago count, so the viewer is now in the top, highlighted there
        List<Map.Entry<Long, Long>> all = standings(campaign, at -> true);
        int allRank = rankOf(all, viewer.id());
        assertTrue(allRank < rank, "the old answers lift the viewer on the all-time board");
        List<Line> allLines = rows(page(session, "period=all&campaign=" + campaign));
        Line mine = allLines.stream().filter(Line::mine).findFirst().orElseThrow();
        assertEquals("top", mine.part());
        assertEquals(allRank, mine.rank());
        assertEquals(all.get(allRank - 1).getValue(), mine.points());
        assertEquals(1, allLines.stream().filter(Line::mine).count());
        assertTrue(allLines.stream().noneMatch(l -> l.part().equals("pinned")), "nothing pinned when the viewer is in the top");

        // this month's board does not have the old answers either: same standing as today's (all answered today)
        List<Line> monthLines = rows(page(session, "period=month&campaign=" + campaign));
        Line mineThisMonth = monthLines.stream().filter(Line::mine).findFirst().orElseThrow();
        List<Map.Entry<Long, Long>> month = standings(campaign, at -> at.atZone(ZoneOffset.UTC).toLocalDate()
                .withDayOfMonth(1).equals(today.withDayOfMonth(1)));
        assertEquals(rankOf(month, viewer.id()), mineThisMonth.rank());
        assertEquals("pinned", mineThisMonth.part());
    }

    @Test
    void aCampaignTheLabelerCannotSeeIsNotFoundAndNotOffered() {
        Fixtures.User owner = Fixtures.modeler();
        long draft = Fixtures.draftCampaign(owner, 1, null);
        long open = Fixtures.openCampaign(owner, 1, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).accept(ContentType.HTML).get("/leaderboards?campaign=" + draft)
                .then().statusCode(404);
        Fixtures.browser(session).accept(ContentType.HTML).get("/leaderboards?campaign=nonsense")
                .then().statusCode(404);
        String global = page(session, "period=all");
        assertTrue(global.contains("<option value=\"" + open + "\""), "an open campaign is offered");
        assertFalse(global.contains("<option value=\"" + draft + "\""), "a draft campaign is not");
        assertTrue(global.contains("You have no points on this board yet"));
        assertTrue(global.contains("href=\"/leaderboards\">Leaderboards</a>"), "the labeler menu links the page");
        Fixtures.browser(session).accept(ContentType.HTML).get("/leaderboards?period=fortnight")
                .then().statusCode(400);
    }

    @Test
    void aCampaignNameIsShownAsText() {
        Fixtures.User owner = Fixtures.modeler();
        String name = "<img src=x onerror=alert(1)> " + Fixtures.unique("board");
        long campaign = Fixtures.as(owner.token()).contentType(ContentType.JSON).body(Map.of("name", name, "overlap", 1))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(owner, campaign, 1);
        Fixtures.candidateWithOutputs(owner, campaign, 1, "terse");
        Fixtures.candidateWithOutputs(owner, campaign, 1, "verbose");
        Fixtures.as(owner.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        Fixtures.User viewer = Fixtures.labeler();
        String body = page(Fixtures.login(viewer.username(), Fixtures.PASSWORD), "period=week&campaign=" + campaign);
        assertFalse(body.contains("<img src=x"), "the name is not markup");
        assertTrue(body.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown as text");
    }

    private void answer(long campaign, Fixtures.User labeler, Instant at, int answers) {
        for (int a = 0; a < answers; a++) {
            // a minute apart: each answer is its own, as a labeler's answers in a session are
            ledger.score(new AnswerAssessed(Outbox.newEventId(), SUBMISSION.incrementAndGet(), 1, campaign, labeler.id(), "A",
                    5_000, at.plusSeconds(60L * a)));
        }
    }

    /** A campaign's board from the ledger: (labeler, points) by points descending, ties to the lower id. */
    private static List<Map.Entry<Long, Long>> standings(long campaign, Predicate<Instant> counts) {
        Map<Long, Long> sums = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.<LedgerEntry>list("campaignId", campaign)
                .stream().filter(e -> counts.test(e.createdAt))
                .collect(Collectors.groupingBy(e -> e.labelerId, Collectors.summingLong(e -> e.points))));
        return sums.entrySet().stream().filter(e -> e.getValue() > 0) // a board row starts with the first points
                .sorted(Comparator.<Map.Entry<Long, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparingLong(Map.Entry::getKey))
                .toList();
    }

    private static int rankOf(List<Map.Entry<Long, Long>> board, long labelerId) {
        for (int i = 0; i < board.size(); i++) {
            if (board.get(i).getKey() == labelerId) {
                return i + 1;
            }
        }
        throw new AssertionError("labeler " + labelerId + " is not on the board");
    }

    private static String username(long id) {
        return QuarkusTransaction.requiringNew().call(() -> User.<User>findById(id).username);
    }

    private static String page(Fixtures.Session session, String query) {
        return Fixtures.browser(session).accept(ContentType.HTML).get("/leaderboards?" + query)
                .then().statusCode(200).contentType(ContentType.HTML).extract().asString();
    }

    private static List<Line> rows(String html) {
        List<Line> lines = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            lines.add(new Line(m.group(1), m.group(2) != null, Long.parseLong(m.group(3)), m.group(4).strip(),
                    Long.parseLong(m.group(5))));
        }
        return lines;
    }
}
