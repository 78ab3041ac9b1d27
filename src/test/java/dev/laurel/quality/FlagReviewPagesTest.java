package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The admin's review queue: a flag's evidence, and drop (points reversed), suspend and clear, each audited. */
@QuarkusTest
class FlagReviewPagesTest {

    /** A labeler of a fresh 12-task campaign who answered {@code answers} tasks (earning points) and skipped 10 - answers. */
    private static Flagged flaggedForSkips(int answers) throws InterruptedException {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, 12, 1, 0);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.0, "honeypotRate", 0.0));
        QualityFixtures.open(modeler, campaign);
        Fixtures.User labeler = Fixtures.labeler();
        for (int i = 0; i < answers; i++) {
            long task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
            Thread.sleep(3_100); // the default rule pays nothing for answers under 3 s
            QualityFixtures.answer(labeler, campaign, task, "A").then().statusCode(201);
        }
        if (answers > 0) {
            // the answers are counted (and scored) before the skips, so the flag sees them
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(labeler.token()).get("/api/me/progress")
                    .then().statusCode(200).body("points", equalTo(10 * answers)));
        }
        for (int i = answers; i < 10; i++) {
            long task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath().getLong("taskId");
            as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/" + task + "/skip").then().statusCode(204);
        }
        as(labeler.token()).get("/api/me/flags").then().statusCode(200).body("[0].signal", equalTo("TOO_MANY_SKIPS"))
                .body("[0].action", equalTo("WARN"));
        return new Flagged(labeler, campaign);
    }

    private record Flagged(Fixtures.User labeler, long campaign) {
    }

    private static long flagId(String page, String username) {
        Matcher m = Pattern.compile("data-labeler=\"" + Pattern.quote(username) + "\" data-flag=\"(\\d+)\"").matcher(page);
        assertTrue(m.find(), "the queue shows a flag of " + username);
        return Long.parseLong(m.group(1));
    }

    @Test
    void droppingAFlaggedLabelerReversesTheirPointsAndTheAuditSaysSo() throws Exception {
        Flagged flagged = flaggedForSkips(2);
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        String queue = Fixtures.browser(admin).get("/admin/flags").then().statusCode(200)
                .body(containsString("You skipped 8 of the 10 tasks"))
                .body(containsString("Points held from this campaign")).extract().asString();
        long flag = flagId(queue, flagged.labeler().username());

        Fixtures.browser(admin).formParam("note", "obvious skipping").post("/admin/flags/" + flag + "/drop").then()
                .statusCode(200).body(containsString("2 answer(s) dropped"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(flagged.labeler().token()).get("/api/me/progress")
                .then().statusCode(200).body("points", equalTo(0)));
        as(flagged.labeler().token()).get("/api/me/progress").then()
                .body("recent.findAll { it.kind == 'REVERSAL' }.size()", equalTo(2));
        as(flagged.labeler().token()).get("/api/me/flags").then().body("[0].action", equalTo("DROP"));
        String after = Fixtures.browser(admin).get("/admin/flags").then().statusCode(200).extract().asString();
        assertTrue(after.contains("flag.dropped") && after.contains("labeler " + flagged.labeler().username() + " in campaign "
                + flagged.campaign()) && after.contains("20 points held from the campaign before") && after.contains("obvious skipping"),
                "the audit log records the drop: " + after);
        assertTrue(!after.contains("data-labeler=\"" + flagged.labeler().username() + "\" data-flag="),
                "a reviewed flag leaves the queue");
    }

    @Test
    void clearingAfterADropGivesThePointsBackOnceEvenWhenClearedTwiceAtOnceAndADropAfterTakesThemAgain() throws Exception {
        Flagged flagged = flaggedForSkips(2);
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        long flag = flagId(Fixtures.browser(admin).get("/admin/flags").then().statusCode(200).extract().asString(),
                flagged.labeler().username());
        Fixtures.browser(admin).post("/admin/flags/" + flag + "/drop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(flagged.labeler().token()).get("/api/me/progress")
                .then().statusCode(200).body("points", equalTo(0)));

        // two admins (or one double click) clear at the same moment: one gives the points back, the other finds nothing left
        Fixtures.Session secondAdmin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> Fixtures.browser(admin).post("/admin/flags/" + flag + "/clear").then().extract().statusCode());
            var second = pool.submit(() -> Fixtures.browser(secondAdmin).post("/admin/flags/" + flag + "/clear").then().extract().statusCode());
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(200, 200), java.util.List.of(first.get(), second.get()));
        } finally {
            pool.shutdown();
        }
        as(flagged.labeler().token()).get("/api/me/progress").then().statusCode(200).body("points", equalTo(20))
                .body("recent.findAll { it.kind == 'REINSTATEMENT' }.size()", equalTo(2))
                .body("recent.findAll { it.kind == 'REVERSAL' }.size()", equalTo(2));
        Fixtures.browser(admin).post("/admin/flags/" + flag + "/clear").then().statusCode(200);
        as(flagged.labeler().token()).get("/api/me/progress").then().body("points", equalTo(20));
        String audit = Fixtures.browser(admin).get("/admin/flags").then().statusCode(200).extract().asString();
        assertTrue(audit.contains("flag.cleared") && audit.contains("20 points given back for 2 dropped answer(s)"),
                "the audit log records what the clear gave back: " + audit);
        // the audit page lists every admin's entries (other tests' too): count this labeler's rows only
        long givingBack = java.util.Arrays.stream(audit.split("<tr"))
                .filter(row -> row.contains(flagged.labeler().username()) && row.contains("points given back for")).count();
        org.junit.jupiter.api.Assertions.assertEquals(1, givingBack, "only one of the three clears gave anything back");

        // the answers count again, so a later drop takes their points again
        Fixtures.browser(admin).post("/admin/flags/" + flag + "/drop").then().statusCode(200)
                .body(containsString("2 answer(s) dropped"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(flagged.labeler().token()).get("/api/me/progress")
                .then().statusCode(200).body("points", equalTo(0)));
    }

    @Test
    void suspendingRefusesTasksAndClearingLiftsIt() throws Exception {
        Flagged flagged = flaggedForSkips(0);
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        long flag = flagId(Fixtures.browser(admin).get("/admin/flags").then().statusCode(200).extract().asString(),
                flagged.labeler().username());

        Fixtures.browser(admin).post("/admin/flags/" + flag + "/suspend").then().statusCode(200)
                .body(containsString("Suspended from the campaign"));
        QualityFixtures.next(flagged.labeler(), flagged.campaign()).then().statusCode(403)
                .body("detail", containsString("You are suspended from campaign " + flagged.campaign()));

        Fixtures.browser(admin).post("/admin/flags/" + flag + "/clear").then().statusCode(200)
                .body(containsString("suspension lifted")).body(containsString("flag.suspended"))
                .body(containsString("flag.cleared"));
        QualityFixtures.next(flagged.labeler(), flagged.campaign()).then().statusCode(200)
                .body("taskId", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aFlagThatDoesNotExistIsA404WithASentence() {
        Fixtures.Session admin = Fixtures.login(Fixtures.ADMIN, Fixtures.ADMIN_PASSWORD);
        Fixtures.browser(admin).post("/admin/flags/987654321/warn").then().statusCode(404)
                .body(containsString("There is no flag 987654321"));
    }
}
