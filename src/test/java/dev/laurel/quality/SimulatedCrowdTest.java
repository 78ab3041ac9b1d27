package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A simulated crowd labels a campaign through the API, with gold items and honeypots mixed in:
 * honest labelers (90% right), noisy ones (65%), random spammers and always-left clickers. The abuse
 * signals must catch spammers and always-left with recall ≥ 0.9 and flag at most 5% of the honest.
 */
@QuarkusTest
class SimulatedCrowdTest {
    private static final Pattern REAL_REPLY = Pattern.compile("(terse|verbose) answer to \\d+");
    private static final List<String> ANSWERS = List.of("A", "B", "TIE", "BOTH_BAD");

    enum Behaviour { HONEST, NOISY, SPAMMER, ALWAYS_LEFT }

    record Member(Fixtures.User user, Behaviour behaviour) {
    }

    @Test
    void spammersAndAlwaysLeftAreFlaggedAndHonestLabelersAreNot() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        int prompts = 30;
        long campaign = QualityFixtures.draftWithGold(modeler, prompts, 24, 30);
        // Half the leases are gold: a spammer must meet enough check questions to be judged (a 0.4 rate left
        // one in ~50 below the minimum by chance), and a late labeler, whose ordinary tasks the settled
        // consensus may have closed, still answers at least as many tasks as there are prompts.
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.5, "honeypotRate", 0.1, "consensusThreshold", 1.0));
        QualityFixtures.open(modeler, campaign);

        List<Member> crowd = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Behaviour behaviour = i < 10 ? Behaviour.HONEST : i < 14 ? Behaviour.NOISY : i < 19 ? Behaviour.SPAMMER
                    : Behaviour.ALWAYS_LEFT;
            crowd.add(new Member(Fixtures.labeler(), behaviour));
        }
        Map<Long, String> truth = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < crowd.size(); i++) {
            Member member = crowd.get(i);
            Random random = new Random(1000 + i);
            runs.add(pool.submit(() -> label(member, campaign, random, truth)));
        }
        Map<Long, Integer> answered = new java.util.HashMap<>();
        for (int i = 0; i < crowd.size(); i++) {
            answered.put(crowd.get(i).user().id(), runs.get(i).get(300, TimeUnit.SECONDS));
        }
        pool.shutdown();

        for (Member member : crowd) {
            int count = answered.get(member.user().id());
            assertTrue(count >= prompts, member + " answered only " + count);
            await().atMost(Duration.ofSeconds(60)).until(() -> as(Fixtures.adminToken())
                    .get("/api/admin/labelers/" + member.user().id() + "/quality").jsonPath().getInt("answers") == count);
        }
        Response report = as(modeler.token()).get("/api/campaigns/" + campaign + "/quality");
        Set<Long> flagged = new HashSet<>(report.jsonPath().getList("flags.labelerId", Long.class));
        long cheaters = crowd.stream().filter(m -> m.behaviour() == Behaviour.SPAMMER || m.behaviour() == Behaviour.ALWAYS_LEFT).count();
        long caught = crowd.stream().filter(m -> m.behaviour() == Behaviour.SPAMMER || m.behaviour() == Behaviour.ALWAYS_LEFT)
                .filter(m -> flagged.contains(m.user().id())).count();
        long honest = crowd.stream().filter(m -> m.behaviour() == Behaviour.HONEST).count();
        long honestFlagged = crowd.stream().filter(m -> m.behaviour() == Behaviour.HONEST)
                .filter(m -> flagged.contains(m.user().id())).count();
        System.out.printf("crowd: caught %d of %d spammers/always-left, flagged %d of %d honest%n", caught, cheaters,
                honestFlagged, honest);
        assertTrue(caught >= 0.9 * cheaters, "recall " + caught + "/" + cheaters + "; flags: " + report.jsonPath().getList("flags"));
        assertTrue(honestFlagged <= 0.05 * honest, honestFlagged + " honest labelers flagged");

        // a labeler sees why they were flagged
        Member left = crowd.stream().filter(m -> m.behaviour() == Behaviour.ALWAYS_LEFT).findFirst().orElseThrow();
        Response mine = as(left.user().token()).get("/api/me/flags");
        assertEquals(200, mine.statusCode(), mine.asString());
        assertNotNull(mine.jsonPath().getString("[0].reason"), "no flag shown to " + left + ": " + mine.asString());

        // the full recomputation: consensus without the dropped cheaters recovers the truth
        as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200);
        Response after = as(modeler.token()).get("/api/campaigns/" + campaign + "/quality");
        List<Map<String, Object>> tasks = after.jsonPath().getList("tasks");
        assertEquals(prompts, tasks.size(), "consensus for every ordinary task (gold tasks have their own answers)");
        long right = tasks.stream().filter(t -> truth.get(((Number) t.get("taskId")).longValue()).equals(t.get("answer"))).count();
        System.out.printf("crowd: consensus right on %d of %d tasks, alpha %s%n", right, tasks.size(), after.jsonPath().get("alpha"));
        assertTrue(right >= 0.95 * prompts, "consensus right on " + right + " of " + prompts);
        assertNotNull(after.jsonPath().get("alpha"));
        Map<String, Object> honestReport = as(Fixtures.adminToken())
                .get("/api/admin/labelers/" + crowd.get(0).user().id() + "/quality").jsonPath().getMap("");
        assertTrue(((Number) honestReport.get("multiplierMillionths")).longValue() >= 1_000_000, honestReport.toString());
    }

    /** Answers until no task is left; returns how many answers were accepted. */
    private static int label(Member member, long campaign, Random random, Map<Long, String> truth) {
        int count = 0;
        while (true) {
            Response next = QualityFixtures.next(member.user(), campaign);
            if (next.statusCode() == 204 || next.statusCode() == 403) {
                return count;
            }
            assertEquals(200, next.statusCode(), next.asString());
            long task = next.jsonPath().getLong("taskId");
            String correct = correctSide(next.jsonPath().getString("prompt"), next.jsonPath().getString("replyA"),
                    next.jsonPath().getString("replyB"));
            if (!next.jsonPath().getString("prompt").startsWith("Check question")
                    && REAL_REPLY.matcher(next.jsonPath().getString("replyA")).matches()
                    && REAL_REPLY.matcher(next.jsonPath().getString("replyB")).matches()) {
                truth.put(task, correct);
            }
            String choice = switch (member.behaviour()) {
                case HONEST -> random.nextDouble() < 0.9 ? correct : other(correct);
                case NOISY -> random.nextDouble() < 0.65 ? correct : other(correct);
                case SPAMMER -> ANSWERS.get(random.nextInt(ANSWERS.size()));
                case ALWAYS_LEFT -> "A";
            };
            QualityFixtures.answer(member.user(), campaign, task, choice).then().statusCode(201);
            count++;
        }
    }

    private static String other(String side) {
        return side.equals("A") ? "B" : "A";
    }

    /** Gold: the reply marked right; honeypot: the real reply, not its degraded copy; ordinary: the verbose one. */
    private static String correctSide(String prompt, String left, String right) {
        if (prompt.startsWith("Check question")) {
            return left.startsWith("right") ? "A" : "B";
        }
        boolean leftReal = REAL_REPLY.matcher(left).matches();
        boolean rightReal = REAL_REPLY.matcher(right).matches();
        if (leftReal != rightReal) {
            return leftReal ? "A" : "B";
        }
        return left.startsWith("verbose") ? "A" : "B";
    }
}
