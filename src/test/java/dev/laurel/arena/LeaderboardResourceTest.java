package dev.laurel.arena;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeaderboardResourceTest {

    /** Leases the labeler's next task and prefers the "verbose" reply; returns false when none is left. */
    static boolean votesVerbose(Fixtures.User labeler, long campaign) {
        var next = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next");
        if (next.statusCode() == 204) {
            return false;
        }
        JsonPath task = next.then().statusCode(200).extract().jsonPath();
        String choice = task.getString("replyA").startsWith("verbose") ? "A" : "B";
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("choice", choice))
                .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer").then().statusCode(201);
        return true;
    }

    static JsonPath board(Fixtures.User viewer, String path) {
        return as(viewer.token()).get(path).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void campaignBoardRanksTheModelLabelersPreferWithAnInterval() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 6, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        while (votesVerbose(labeler, campaign)) {
            // answer all six
        }

        JsonPath board = board(modeler, "/api/campaigns/" + campaign + "/leaderboard");

        assertEquals(6, board.getInt("votes"));
        assertEquals("campaign", board.getString("scope"));
        List<Map<String, Object>> models = board.getList("models");
        assertEquals(2, models.size());
        assertTrue(((String) models.get(0).get("name")).startsWith("verbose"), models.toString());
        assertEquals(1.0f, models.get(0).get("winRate"));
        assertEquals(6, models.get(0).get("battles"));
        assertEquals(1, models.get(0).get("rank"));
        float rating = (Float) models.get(0).get("rating");
        assertTrue((Float) models.get(0).get("lower") <= rating && rating <= (Float) models.get(0).get("upper"));
        assertEquals(2000f, rating + (Float) models.get(1).get("rating"), 0.01f, "mean 1000");

        JsonPath styled = board(modeler, "/api/campaigns/" + campaign + "/leaderboard?styleControl=true");
        assertTrue(styled.getBoolean("styleControl"));
        assertTrue(styled.get("lengthCoefficient") != null);
    }

    @Test
    void theDashboardPanelShowsTheIntervalChartAndAWinRateTableWithItsCounts() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 6, 1, null);
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/campaigns/" + campaign + "/leaderboard/panel").then().statusCode(200)
                .body(containsString("data-testid=\"no-votes\""));
        Fixtures.User labeler = Fixtures.labeler();
        while (votesVerbose(labeler, campaign)) {
            // answer all six
        }
        await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            String panel = Fixtures.browser(session).get("/campaigns/" + campaign + "/leaderboard/panel").then().statusCode(200)
                    .extract().asString();
            assertTrue(panel.contains("data-testid=\"interval-chart\"") && panel.contains("data-testid=\"win-heatmap\""), panel);
            // the verbose model won all six decided tasks, the other none: the numbers are in the cells, not only a shade
            assertTrue(panel.contains("<strong class=\"share\">100%</strong> <span class=\"counts\">6 of 6</span>"), panel);
            assertTrue(panel.contains("<strong class=\"share\">0%</strong> <span class=\"counts\">0 of 6</span>"), panel);
            assertTrue(panel.contains("class=\"heat-10\"") && panel.contains("class=\"heat-0\""), panel);
        });
        // the same figures as the API's board, which the panel reuses
        JsonPath board = board(modeler, "/api/campaigns/" + campaign + "/leaderboard");
        assertEquals(6, board.getInt("votes"));
    }

    @Test
    void newVotesAppearAfterTheDebouncePeriodAndNeverBefore() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 4, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        String path = "/api/campaigns/" + campaign + "/leaderboard";
        assertEquals(0, board(modeler, path).getInt("votes"));
        assertTrue(votesVerbose(labeler, campaign));
        JsonPath first = board(modeler, path);
        assertTrue(votesVerbose(labeler, campaign));

        JsonPath right = board(modeler, path);

        // within the debounce period (2 s in tests) the previous board may be served, marked stale
        if (right.getBoolean("stale")) {
            assertEquals(first.getInt("votes"), right.getInt("votes"));
        } else {
            assertEquals(2, right.getInt("votes"));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonPath later = board(modeler, path);
            return later.getInt("votes") == 2 && !later.getBoolean("stale");
        });
    }

    @Test
    void globalBoardJoinsATeamsCampaignsAndAnAdminSeesAll() {
        Fixtures.User modeler = Fixtures.modeler();
        long first = Fixtures.openCampaign(modeler, 3, 1, null);
        long second = Fixtures.openCampaign(modeler, 2, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        while (votesVerbose(labeler, first) | votesVerbose(labeler, second)) {
            // answer everything in both
        }

        JsonPath team = board(modeler, "/api/leaderboard");
        JsonPath all = board(new Fixtures.User(0, Fixtures.ADMIN, Fixtures.adminToken()), "/api/leaderboard");

        assertEquals("team", team.getString("scope"));
        assertEquals(5, team.getInt("votes"));
        assertEquals(4, team.getList("models").size(), "each campaign has its own two candidates");
        assertTrue(team.getList("campaignIds", Long.class).containsAll(List.of(first, second)));
        assertEquals("all", all.getString("scope"));
        assertTrue(all.getInt("votes") >= 5);
    }

    @Test
    void onlyTheCampaignsTeamAndAdminsSeeItsBoard() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);

        as(Fixtures.labeler().token()).get("/api/campaigns/" + campaign + "/leaderboard").then().statusCode(403);
        as(Fixtures.labeler().token()).get("/api/leaderboard").then().statusCode(403);
        as(Fixtures.modeler().token()).get("/api/campaigns/" + campaign + "/leaderboard").then().statusCode(404);
        as(Fixtures.adminToken()).get("/api/campaigns/" + campaign + "/leaderboard").then().statusCode(200);
        as(modeler.token()).get("/api/campaigns/" + (campaign + 1_000_000) + "/leaderboard").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void pageDrawsTheIntervalChartAsInlineSvgWithoutInlineStyles() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 5, 1, null);
        Fixtures.User labeler = Fixtures.labeler();
        while (votesVerbose(labeler, campaign)) {
            // answer all
        }

        String page = as(modeler.token()).accept(ContentType.HTML).get("/campaigns/" + campaign + "/leaderboard")
                .then().statusCode(200).body(containsString("data-testid=\"interval-chart\""))
                .body(containsString("<circle class=\"rating\"")).body(containsString("verbose"))
                .body(not(containsString("style="))).body(not(containsString("<script>")))
                .extract().asString();
        assertEquals(2, page.split("<line class=\"interval\"").length - 1, "one interval per model");

        as(modeler.token()).accept(ContentType.HTML).get("/campaigns/" + campaign)
                .then().statusCode(200).body(containsString("/campaigns/" + campaign + "/leaderboard"));
        as(Fixtures.labeler().token()).accept(ContentType.HTML).redirects().follow(false)
                .get("/campaigns/" + campaign + "/leaderboard").then().statusCode(403);
    }
}
