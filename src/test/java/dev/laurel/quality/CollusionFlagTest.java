package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Through the real pipeline: a ring of three copying one answer stream among five honest labelers
 * gets a COLLUSION flag each from the recompute, with evidence naming the others; honest labelers get none.
 */
@QuarkusTest
class CollusionFlagTest {
    private static final List<String> ANIMALS = List.of("cat", "dog", "bird");
    private static final int ITEMS = 30;

    @Test
    void theRecomputeFlagsEachMemberOfARingCopyingOneStreamOnceWithEvidence() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("collusion"), "kind", "CATEGORICAL", "overlap", 8,
                        "settings", Map.of("labels", ANIMALS)))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        String jsonl = IntStream.rangeClosed(1, ITEMS)
                .mapToObj(i -> "{\"id\": \"item" + i + "\", \"prompt\": \"Which animal is number " + i + "?\"}")
                .collect(Collectors.joining("\n"));
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
        // every labeler answers every item: no item settles early
        QualityFixtures.settings(modeler, campaign, Map.of("consensusThreshold", 1.0));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);

        Random random = new Random(42);
        int[] stream = new int[ITEMS + 1]; // the ring's copied answers: right 40% of the time
        for (int i = 1; i <= ITEMS; i++) {
            stream[i] = random.nextDouble() < 0.4 ? truth(i) : (truth(i) + 1 + random.nextInt(2)) % 3;
        }
        List<Fixtures.User> honest = new ArrayList<>();
        List<Fixtures.User> ring = new ArrayList<>();
        List<Fixtures.User> crowd = new ArrayList<>();
        for (int l = 0; l < 8; l++) {
            Fixtures.User labeler = Fixtures.labeler();
            boolean inRing = l % 3 == 1; // interleaved with honest labelers: order gives nothing away
            (inRing ? ring : honest).add(labeler);
            crowd.add(labeler);
        }
        // round by round, everyone answers the same item within moments: timing alike for every pair, so only
        // agreement can tell the ring apart (one labeler after another made neighbours look in lockstep)
        for (int t = 0; t < ITEMS; t++) {
            for (Fixtures.User labeler : crowd) {
                boolean inRing = ring.contains(labeler);
                JsonPath task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath();
                int item = Integer.parseInt(task.getString("prompt").replaceAll("\\D", ""));
                int answer = inRing ? stream[item]
                        : random.nextDouble() < 0.9 ? truth(item) : (truth(item) + 1 + random.nextInt(2)) % 3;
                as(labeler.token()).contentType(ContentType.JSON).body(Map.of("labels", List.of(ANIMALS.get(answer))))
                        .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer")
                        .then().statusCode(201);
            }
        }
        List<Fixtures.User> everyone = new ArrayList<>(honest);
        everyone.addAll(ring);
        await().atMost(Duration.ofSeconds(30)).until(() -> everyone.stream().allMatch(l -> as(Fixtures.adminToken())
                .get("/api/admin/labelers/" + l.id() + "/quality").jsonPath().getInt("answers") == ITEMS));

        as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200);
        as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200); // raised once, not twice

        List<Map<String, Object>> flags = as(modeler.token()).get("/api/campaigns/" + campaign + "/quality")
                .then().statusCode(200).extract().jsonPath().getList("flags");
        List<Map<String, Object>> collusion = flags.stream().filter(f -> "COLLUSION".equals(f.get("signal"))).toList();
        Set<Long> ringIds = ring.stream().map(Fixtures.User::id).collect(Collectors.toSet());
        assertEquals(ringIds, collusion.stream().map(f -> ((Number) f.get("labelerId")).longValue()).collect(Collectors.toSet()),
                "flags: " + flags);
        assertEquals(ring.size(), collusion.size(), "one flag per member: " + collusion);
        for (Map<String, Object> flag : collusion) {
            long member = ((Number) flag.get("labelerId")).longValue();
            String reason = (String) flag.get("reason");
            assertEquals("DROP", flag.get("action")); // agreement evidence costs the ring its unsettled points
            ringIds.stream().filter(id -> id != member)
                    .forEach(partner -> assertTrue(reason.contains("#" + partner), "names partner " + partner + ": " + reason));
            assertTrue(reason.matches(".*you gave the same answer on (\\d+) of \\1 (disputed )?tasks you both answered.*"), reason);
        }
        // the member sees the evidence too
        Fixtures.User member = ring.get(0);
        List<String> mine = as(member.token()).get("/api/me/flags").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.signal == 'COLLUSION' }.reason");
        assertEquals(1, mine.size(), "their own flag: " + mine);
    }

    private static int truth(int item) {
        return item % 3;
    }
}
