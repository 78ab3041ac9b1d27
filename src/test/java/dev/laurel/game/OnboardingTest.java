package dev.laurel.game;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.quality.GoldItem;
import dev.laurel.quality.GoldTask;
import dev.laurel.task.Submission;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The labeler's first visit: the banner, the welcome page, and practice that is explained and earns nothing. */
@QuarkusTest
class OnboardingTest {
    private static final Pattern TOTAL = Pattern.compile("Practice \\d+ of (\\d+)");

    @Inject
    PointsLedger ledger;
    @Inject
    Leaderboards leaderboards;

    @Test
    void practiceAnswersAreExplainedAndEarnNothingAndPracticeItemsNeverEnterTheQueue() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 2, 1, null);
        String run = Fixtures.unique("practice");
        String gold = """
                {"id": "real-1", "prompt": "Real gold %1$s", "reply_a": "right", "reply_b": "wrong", "answer": "A"}
                {"id": "practice-1", "prompt": "Practice prompt %1$s", "reply_a": "Paris is in Italy.", "reply_b": "Paris is in France.", "answer": "B", "explanation": "Because of %1$s: Paris is the capital of France.", "practice": true}
                """.formatted(run);
        as(modeler.token()).contentType("application/jsonl").body(gold).post("/api/campaigns/" + campaign + "/gold")
                .then().statusCode(201).body("added", equalTo(2));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/gold").then().statusCode(200)
                .body("find { it.id == 'practice-1' }.practice", equalTo(true))
                .body("find { it.id == 'real-1' }.practice", equalTo(false));
        // only the real gold item became a task: a labeler who practised an item never meets it as a check
        long goldTasks = QuarkusTransaction.requiringNew().call(() -> GoldTask.count("campaignId = ?1 and kind = ?2", campaign, GoldTask.GOLD));
        assertEquals(1, goldTasks);
        long practiceId = QuarkusTransaction.requiringNew().call(() ->
                GoldItem.<GoldItem>find("campaignId = ?1 and externalId = ?2", campaign, "practice-1").firstResult().id);

        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        // the practice offers the campaign's practice item (built-in examples fill the rest), never its real gold
        String first = Fixtures.browser(session).get("/welcome/practice?step=1").then().statusCode(200).extract().asString();
        Matcher total = TOTAL.matcher(first);
        assertTrue(total.find(), first);
        int steps = Integer.parseInt(total.group(1));
        assertEquals(Onboarding.PRACTICE_TASKS, steps);
        boolean offered = false;
        for (int step = 1; step <= steps; step++) {
            String page = Fixtures.browser(session).get("/welcome/practice?step=" + step).then().statusCode(200).extract().asString();
            offered |= page.contains("Practice prompt " + run);
            assertTrue(!page.contains("Real gold " + run), "real gold is never practice");
        }
        assertTrue(offered, "the campaign's practice item is offered");

        // a wrong answer: told so, with the right answer and the team's explanation
        Fixtures.browser(session).formParam("choice", "A").formParam("step", "1").header("HX-Request", "true")
                .post("/welcome/practice/g" + practiceId).then().statusCode(200)
                .body(containsString("Not quite"))
                .body(containsString("the answer is “B is better”"))
                .body(containsString("Because of " + run + ": Paris is the capital of France."));
        Fixtures.browser(session).formParam("choice", "B").formParam("step", "1")
                .post("/welcome/practice/g" + practiceId).then().statusCode(200)
                .body(containsString("Right: B is better")).body(containsString("<html"));
        Fixtures.browser(session).formParam("choice", "TIE").formParam("step", "1").post("/welcome/practice/b2")
                .then().statusCode(200).body(containsString("Right: Tie"));

        // nothing of it counts: no submission, no points, no answers in the labeler's progress, no board
        long submissions = QuarkusTransaction.requiringNew().call(() -> Submission.count("labelerId", labeler.id()));
        assertEquals(0, submissions);
        assertEquals(0, ledger.total(labeler.id()));
        assertEquals(0, leaderboards.allTime(labeler.id()));
        as(labeler.token()).get("/api/me/progress").then().statusCode(200).body("answers", equalTo(0));

        // readable refusals: a choice that is none, a task that is none, a step past the end
        Fixtures.browser(session).formParam("choice", "C").formParam("step", "1").post("/welcome/practice/b1")
                .then().statusCode(400).body(containsString("Choose A, B, Tie or Both bad."));
        Fixtures.browser(session).formParam("choice", "A").post("/welcome/practice/b99").then().statusCode(404);
        Fixtures.browser(session).formParam("choice", "A").post("/welcome/practice/g" + (practiceId + 1_000_000)).then().statusCode(404);
        Fixtures.browser(session).get("/welcome/practice?step=" + (steps + 1)).then().statusCode(404);

        // a campaign the labeler cannot see (a draft) offers them no practice
        long draft = Fixtures.draftCampaign(modeler, 1, null);
        as(modeler.token()).contentType("application/jsonl")
                .body("{\"id\": \"d1\", \"prompt\": \"Draft practice\", \"reply_a\": \"a\", \"reply_b\": \"b\", \"answer\": \"A\","
                        + " \"explanation\": \"e\", \"practice\": true}\n")
                .post("/api/campaigns/" + draft + "/gold").then().statusCode(201);
        long draftItem = QuarkusTransaction.requiringNew().call(() ->
                GoldItem.<GoldItem>find("campaignId = ?1 and externalId = ?2", draft, "d1").firstResult().id);
        Fixtures.browser(session).formParam("choice", "A").post("/welcome/practice/g" + draftItem).then().statusCode(404);
    }

    @Test
    void practiceItemsNeedAnExplanationAndATrueOrFalse() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = Fixtures.openCampaign(modeler, 1, 1, null);
        String bad = """
                {"id": "p1", "prompt": "x", "reply_a": "a", "reply_b": "b", "answer": "A", "practice": true}
                {"id": "p2", "prompt": "x", "reply_a": "a", "reply_b": "b", "answer": "A", "explanation": "e", "practice": "maybe"}
                """;
        as(modeler.token()).contentType("application/jsonl").body(bad).post("/api/campaigns/" + campaign + "/gold")
                .then().statusCode(400)
                .body(containsString("Line 1: a practice item needs an 'explanation'"))
                .body(containsString("Line 2: 'practice' is 'maybe'; use true or false."));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/gold").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void theBannerShowsUntilTheLabelerFinishesOrSkipsTheOnboarding() {
        Fixtures.User labeler = Fixtures.labeler();
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Fixtures.browser(session).get("/campaigns").then().statusCode(200).body(containsString("hx-get=\"/welcome/banner\""));
        Fixtures.browser(session).get("/welcome/banner").then().statusCode(200)
                .body(containsString("data-testid=\"onboarding-banner\"")).body(containsString("href=\"/welcome\""));
        // the welcome page explains points (with the rule in force), quality and payouts
        Fixtures.browser(session).get("/welcome").then().statusCode(200)
                .body(containsString("data-testid=\"explain-points\"")).body(containsString("data-testid=\"explain-quality\""))
                .body(containsString("data-testid=\"explain-payouts\"")).body(containsString("no points"));
        Response done = Fixtures.browser(session).redirects().follow(false).post("/welcome/done");
        assertEquals(303, done.statusCode());
        assertTrue(done.header("Location").endsWith("/campaigns"), done.header("Location"));
        Fixtures.browser(session).get("/welcome/banner").then().statusCode(200).body(not(containsString("onboarding-banner")));
        Fixtures.browser(session).redirects().follow(false).post("/welcome/done").then().statusCode(303); // twice: no change
        Fixtures.browser(session).get("/welcome").then().statusCode(200).body(not(containsString("skip-onboarding")));
    }
}
