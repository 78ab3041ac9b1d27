package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Quality for categorical campaigns through the REST API: consensus (Dawid-Skene and majority vote),
 * Krippendorff's α, gold items with labels, and dynamic overlap, exactly as for pairwise.
 */
@QuarkusTest
class CategoricalQualityTest {
    /** The server's settings, so the offline fit below is the one the recompute ran. */
    @Inject
    QualityConfig config;


    private static long categorical(Fixtures.User modeler, int overlap, Map<String, Object> settings, int prompts) {
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("categorical"), "kind", "CATEGORICAL", "overlap", overlap,
                        "settings", settings))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        String jsonl = IntStream.rangeClosed(1, prompts)
                .mapToObj(i -> "{\"id\": \"item" + i + "\", \"prompt\": \"Which animal is number " + i + "?\"}")
                .collect(Collectors.joining("\n"));
        as(modeler.token()).contentType("application/jsonl").body(jsonl)
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
        return campaign;
    }

    private static void open(Fixtures.User modeler, long campaign) {
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
    }

    private static Response label(Fixtures.User labeler, long campaign, long task, List<String> labels) {
        return as(labeler.token()).contentType(ContentType.JSON).body(Map.of("labels", labels))
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer");
    }

    /** Waits until quality has received {@code answers} labels of the campaign's labelers, then recomputes. */
    private static JsonPath recomputedReport(Fixtures.User modeler, long campaign, List<Fixtures.User> labelers, int answers) {
        await().atMost(Duration.ofSeconds(30)).until(() -> labelers.stream().mapToInt(l -> as(Fixtures.adminToken())
                .get("/api/admin/labelers/" + l.id() + "/quality").jsonPath().getInt("answers")).sum() == answers);
        as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200);
        return as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void singleLabelConsensusMajorityAndAlphaComeFromTheCampaignsLabels() {
        Fixtures.User modeler = Fixtures.modeler();
        List<String> animals = List.of("cat", "dog", "bird");
        long campaign = categorical(modeler, 3, Map.of("labels", animals), 4);
        open(modeler, campaign);
        // what each labeler says about item1..item4: two unanimous items, one 2-1 and one three-way split
        Map<String, List<String>> said = Map.of(
                "item1", List.of("cat", "cat", "cat"),
                "item2", List.of("dog", "dog", "dog"),
                "item3", List.of("bird", "bird", "cat"),
                "item4", List.of("cat", "dog", "bird"));
        List<Fixtures.User> labelers = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            Fixtures.User labeler = Fixtures.labeler();
            labelers.add(labeler);
            for (int t = 0; t < 4; t++) {
                JsonPath task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath();
                String item = "item" + task.getString("prompt").replaceAll("\\D", "");
                label(labeler, campaign, task.getLong("taskId"), List.of(said.get(item).get(l))).then().statusCode(201);
            }
        }

        JsonPath report = recomputedReport(modeler, campaign, labelers, 12);
        List<Map<String, Object>> tasks = report.getList("tasks");
        assertEquals(4, tasks.size());
        Map<String, Map<String, Object>> byItem = new HashMap<>();
        tasks.forEach(t -> byItem.put((String) t.get("item"), t));
        assertEquals("cat", byItem.get("item1").get("answer"));
        assertEquals(List.of("cat"), byItem.get("item1").get("majority"));
        assertEquals("dog", byItem.get("item2").get("answer"));
        assertEquals("bird", byItem.get("item3").get("answer"));
        assertEquals(List.of("bird"), byItem.get("item3").get("majority"));
        assertEquals(List.of("cat", "dog", "bird"), byItem.get("item4").get("majority"), "a tie lists every leader, in label order");
        // the answer and its confidence are Dawid-Skene's on exactly these labels
        List<Label> labels = new ArrayList<>();
        said.forEach((item, answers) -> IntStream.range(0, 3)
                .forEach(l -> labels.add(new Label(item, "labeler" + l, animals.indexOf(answers.get(l))))));
        DawidSkene.Result offline = DawidSkene.fit(labels, 3, QualityRecompute.dawidSkeneOptions(config));
        for (String item : said.keySet()) {
            assertEquals(animals.get(offline.estimate(item).value()), byItem.get(item).get("answer"), item);
            assertEquals(offline.estimate(item).confidence(), ((Number) byItem.get(item).get("confidence")).doubleValue(),
                    1e-6, item);
        }

        // α over the same answers, computed here with the labels as nominal classes
        double[][] units = said.values().stream()
                .map(answers -> answers.stream().mapToDouble(animals::indexOf).toArray()).toArray(double[][]::new);
        double expected = KrippendorffAlpha.alpha(units, KrippendorffAlpha.Metric.NOMINAL);
        assertEquals(expected, report.getDouble("alpha"), 1e-6); // JsonPath reads floats
        assertEquals(4, report.getInt("alphaItems"));
    }

    @Test
    void multiLabelConsensusDecidesEachLabelOnItsOwn() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = categorical(modeler, 3, Map.of("labels", List.of("polite", "accurate", "concise"), "multi", true), 1);
        open(modeler, campaign);
        List<List<String>> answers = List.of(List.of("polite", "accurate"), List.of("accurate", "concise", "polite"),
                List.of("accurate"));
        List<Fixtures.User> labelers = new ArrayList<>();
        for (List<String> answer : answers) {
            Fixtures.User labeler = Fixtures.labeler();
            labelers.add(labeler);
            long task = QualityFixtures.next(labeler, campaign).jsonPath().getLong("taskId");
            label(labeler, campaign, task, answer).then().statusCode(201);
        }
        JsonPath report = recomputedReport(modeler, campaign, labelers, 3);
        // polite 2 of 3, accurate 3 of 3, concise 1 of 3
        assertEquals("polite,accurate", report.getString("tasks[0].answer"));
        assertEquals(List.of("polite,accurate"), report.getList("tasks[0].majority"));
        assertEquals("item1", report.getString("tasks[0].item"));
    }

    @Test
    void categoricalGoldIsCheckedAgainstItsLabel() {
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = categorical(modeler, 1, Map.of("labels", List.of("yes", "no")), 2);
        as(modeler.token()).contentType("application/jsonl").body("""
                        {"id": "g1", "prompt": "Check: is two plus two four?", "answer": "YES"}
                        {"id": "g2", "prompt": "Check: is ice hot?", "answer": "maybe"}
                        {"id": "g3", "prompt": "Check: is ice cold?", "reply": "It is.", "answer": "yes"}
                        """)
                .post("/api/campaigns/" + campaign + "/gold").then().statusCode(400)
                .body("errors", hasItem("Line 2: 'answer' is 'maybe'; use one of yes, no."))
                .body("errors", hasItem("Line 3: this campaign labels prompt items alone; 'reply' does not apply."));
        as(modeler.token()).contentType("application/jsonl").body("""
                        {"id": "g1", "prompt": "Check: is two plus two four?", "answer": "YES"}
                        {"id": "g2", "prompt": "Check: is ice hot?", "answer": "no"}
                        """)
                .post("/api/campaigns/" + campaign + "/gold").then().statusCode(201).body("added", equalTo(2));
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 1.0));
        open(modeler, campaign);

        Fixtures.User labeler = Fixtures.labeler();
        int gold = 0;
        for (int i = 0; i < 2; i++) {
            JsonPath task = QualityFixtures.next(labeler, campaign).then().statusCode(200).extract().jsonPath();
            assertEquals("CATEGORICAL", task.getString("kind"));
            assertTrue(task.getList("replies").isEmpty(), "a gold item looks like any prompt item");
            String prompt = task.getString("prompt");
            assertTrue(prompt.startsWith("Check"), "gold rate 1 serves gold first: " + prompt);
            gold++;
            // "yes" to both: right on "two plus two", wrong on "ice hot"
            label(labeler, campaign, task.getLong("taskId"), List.of("yes")).then().statusCode(201);
        }
        assertEquals(2, gold);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(Fixtures.adminToken())
                .get("/api/admin/labelers/" + labeler.id() + "/quality").then()
                .body("goldSeen", equalTo(2)).body("goldCorrect", equalTo(1)));
        as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then()
                .body("gold.goldTasks", equalTo(2)).body("gold.honeypots", equalTo(0));
    }

    /**
     * Dynamic overlap on a yes/no campaign (overlap 3, up to 5, threshold 0.9). Every labeler first
     * answers two gold items right (qualification), so q = 2.5 / 3: two agreeing answers settle an
     * item (posterior 25/26) and it takes nobody new; 2 to 1 (5/6) is contested and asks for a fourth.
     */
    @Test
    void aSettledCategoricalItemTakesNobodyNewAndAContestedOneAsksForMore() {
        Fixtures.User modeler = Fixtures.modeler();
        long settled = gatedYesNo(modeler);
        answerOrdinary(Fixtures.labeler(), settled, "yes");
        answerOrdinary(Fixtures.labeler(), settled, "yes");
        assertEquals(204, qualifyThenNext(Fixtures.labeler(), settled).statusCode(), "settled after two agreeing answers");

        long contested = gatedYesNo(modeler);
        answerOrdinary(Fixtures.labeler(), contested, "yes");
        answerOrdinary(Fixtures.labeler(), contested, "no");
        answerOrdinary(Fixtures.labeler(), contested, "yes");
        answerOrdinary(Fixtures.labeler(), contested, "yes"); // a fourth answer: the overlap rose from 3
        assertEquals(204, qualifyThenNext(Fixtures.labeler(), contested).statusCode(), "3 to 1 settles it");
    }

    private static long gatedYesNo(Fixtures.User modeler) {
        long campaign = categorical(modeler, 3, Map.of("labels", List.of("yes", "no")), 1);
        as(modeler.token()).contentType("application/jsonl").body("""
                        {"id": "g1", "prompt": "Check: is two plus two four?", "answer": "yes"}
                        {"id": "g2", "prompt": "Check: is ice hot?", "answer": "no"}
                        """)
                .post("/api/campaigns/" + campaign + "/gold").then().statusCode(201);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.0, "qualificationGold", 2,
                "consensusThreshold", 0.9, "maxOverlap", 5));
        open(modeler, campaign);
        return campaign;
    }

    /** Answers the gold items right until an ordinary task (or none) comes; returns that lease. */
    private static Response qualifyThenNext(Fixtures.User labeler, long campaign) {
        int gold = 0;
        while (true) {
            Response next = QualityFixtures.next(labeler, campaign);
            if (next.statusCode() != 200 || !next.jsonPath().getString("prompt").startsWith("Check")) {
                return next;
            }
            String right = next.jsonPath().getString("prompt").contains("two") ? "yes" : "no";
            label(labeler, campaign, next.jsonPath().getLong("taskId"), List.of(right)).then().statusCode(201);
            gold++;
            // admission reads the gold evidence quality records from the event: wait for it
            int answered = gold;
            await().atMost(Duration.ofSeconds(30)).until(() -> goldSeen(labeler, campaign) == answered);
        }
    }

    private static long goldSeen(Fixtures.User labeler, long campaign) {
        List<Map<String, Object>> campaigns = as(Fixtures.adminToken())
                .get("/api/admin/labelers/" + labeler.id() + "/quality").jsonPath().getList("campaigns");
        return campaigns.stream().filter(c -> ((Number) c.get("campaignId")).longValue() == campaign)
                .mapToLong(c -> ((Number) c.get("goldSeen")).longValue()).sum();
    }

    private static void answerOrdinary(Fixtures.User labeler, long campaign, String answer) {
        Response next = qualifyThenNext(labeler, campaign);
        assertEquals(200, next.statusCode(), next.asString());
        assertNotNull(next.jsonPath().getString("prompt"));
        label(labeler, campaign, next.jsonPath().getLong("taskId"), List.of(answer)).then().statusCode(201);
    }
}
