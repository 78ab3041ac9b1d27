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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranking answers get a consensus too: each pair of replies decided on its own, the ranking by pairs won. */
@QuarkusTest
class RankingQualityTest {
    @Test
    void rankingConsensusOrdersRepliesByThePairsTheyWin() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("ranking"), "kind", "RANKING", "overlap", 3, "settings", Map.of("k", 3)))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, 2);
        for (int i = 0; i < 3; i++) {
            Fixtures.candidateWithOutputs(modeler, campaign, 2, "model" + i);
        }
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0, "honeypotRate", 0));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);

        // p1: two labelers say 2 > 1 > 3, one says 3 > 2 > 1 (2 beats 1 and 3 twice each; 1 beats 3 twice);
        // p2: all three say 1 > 2 > 3
        Map<String, List<List<Integer>>> said = Map.of(
                "p1", List.of(List.of(2, 1, 3), List.of(2, 1, 3), List.of(3, 2, 1)),
                "p2", List.of(List.of(1, 2, 3), List.of(1, 2, 3), List.of(1, 2, 3)));
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            Fixtures.User labeler = Fixtures.labeler();
            labelers.add(labeler);
            for (int t = 0; t < 2; t++) {
                JsonPath task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath();
                answer(labeler, campaign, task, said.get(item(task)).get(l));
            }
        }
        JsonPath report = recomputed(modeler, campaign, labelers, 6);
        Map<String, Map<String, Object>> byItem = new HashMap<>();
        report.<Map<String, Object>>getList("tasks").forEach(t -> byItem.put((String) t.get("item"), t));
        assertEquals(2, byItem.size(), report.prettify());
        assertEquals("r2>r1>r3", byItem.get("p1").get("answer"));
        assertEquals(List.of("r2>r1>r3"), byItem.get("p1").get("majority"));
        assertEquals("r1>r2>r3", byItem.get("p2").get("answer"));
        assertEquals(3, ((Number) byItem.get("p1").get("answers")).intValue());
        // every pair of p2 unanimous, p1's pairs 2–1: agreement is far from random, so α is positive
        assertEquals(2, report.getInt("alphaItems"));
        assertTrue(report.getDouble("alpha") > 0, report.prettify());
    }

    /** Groups of 16, 9 and 2 replies in one campaign: each task's consensus ranks its own replies, no more. */
    @Test
    void rankingConsensusWorksWhenGroupSizesDifferPerTask() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("ranking"), "kind", "RANKING", "overlap", 2))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, 3);
        for (int i = 0; i < 16; i++) { // p1 answered by all 16, p2 by 9, p3 by 2
            Fixtures.candidateWithOutputs(modeler, campaign, i < 2 ? 3 : i < 9 ? 2 : 1, "model" + i);
        }
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0, "honeypotRate", 0));
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);

        Map<String, String> expected = new HashMap<>();
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            Fixtures.User labeler = Fixtures.labeler();
            labelers.add(labeler);
            for (int t = 0; t < 3; t++) {
                JsonPath task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath();
                int shown = task.getList("replies").size();
                List<Integer> worstFirst = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int n = shown; n >= 1; n--) {
                    worstFirst.add(n);
                    names.add("r" + n);
                }
                expected.put(item(task), String.join(">", names));
                answer(labeler, campaign, task, worstFirst);
            }
        }
        JsonPath report = recomputed(modeler, campaign, labelers, 6);
        Map<String, Object> answers = new HashMap<>();
        report.<Map<String, Object>>getList("tasks").forEach(t -> answers.put((String) t.get("item"), t.get("answer")));
        assertEquals(3, expected.size());
        assertEquals(expected, answers, report.prettify());
        assertEquals(16, expected.get("p1").split(">").length);
        assertEquals("r9>r8>r7>r6>r5>r4>r3>r2>r1", expected.get("p2"));
        assertEquals("r2>r1", expected.get("p3"));
        assertEquals(3, report.getInt("alphaItems"), "every task, whatever its size, is a unit of agreement");
    }

    /** The prompt item a task shows: "p3" for "Question number 3?". */
    private static String item(JsonPath task) {
        return "p" + task.getString("prompt").replaceAll("\\D", "");
    }

    private static void answer(Fixtures.User labeler, long campaign, JsonPath task, List<Integer> ranking) {
        as(labeler.token()).contentType(ContentType.JSON).body(Map.of("ranking", ranking))
                .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer").then().statusCode(201);
    }

    /** The campaign's quality report once quality has seen every answer and recomputed. */
    private static JsonPath recomputed(Fixtures.User modeler, long campaign, List<Fixtures.User> labelers, int answers) {
        await().atMost(Duration.ofSeconds(30)).until(() -> labelers.stream().mapToInt(l -> as(Fixtures.adminToken())
                .get("/api/admin/labelers/" + l.id() + "/quality").jsonPath().getInt("answers")).sum() == answers);
        as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200);
        return as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200).extract().jsonPath();
    }
}
