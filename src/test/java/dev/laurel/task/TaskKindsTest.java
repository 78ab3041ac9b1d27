package dev.laurel.task;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.platform.OutboxEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each task kind through the API: campaign settings, tasks, answer validation and the accepted event. */
@QuarkusTest
class TaskKindsTest {
    private Fixtures.User modeler;
    private Fixtures.User labeler;

    @BeforeEach
    void newTeamAndLabeler() {
        modeler = Fixtures.modeler();
        labeler = Fixtures.labeler();
    }

    private ValidatableResponse create(String kind, Map<String, Object> settings) {
        Map<String, Object> body = settings == null
                ? Map.of("name", Fixtures.unique(kind), "kind", kind, "overlap", 2)
                : Map.of("name", Fixtures.unique(kind), "kind", kind, "overlap", 2, "settings", settings);
        return as(modeler.token()).contentType(ContentType.JSON).body(body).post("/api/campaigns").then();
    }

    /** An open campaign of the kind with {@code prompts} prompts and {@code candidates} candidates answering all. */
    private long open(String kind, Map<String, Object> settings, int prompts, int candidates) {
        long campaign = create(kind, settings).statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, prompts);
        for (int i = 0; i < candidates; i++) {
            Fixtures.candidateWithOutputs(modeler, campaign, prompts, "model" + i);
        }
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        return campaign;
    }

    private JsonPath next(long campaign) {
        return as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(200).extract().jsonPath();
    }

    private Response answer(long campaign, long task, Map<String, Object> body) {
        return as(labeler.token()).contentType(ContentType.JSON).body(body)
                .post("/api/campaigns/" + campaign + "/tasks/" + task + "/answer");
    }

    private void rejected(long campaign, long task, Map<String, Object> body, String detail) {
        answer(campaign, task, body).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString(detail));
    }

    /** The SubmissionAccepted event written with the submission (the outbox keeps published rows). */
    static String eventOf(long submissionId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>list("payload like ?1",
                "%\"submissionId\":" + submissionId + ",%").get(0).payload);
    }

    @Test
    void campaignSettingsAreValidatedWithClearErrors() {
        create("RANKING", Map.of("k", 33)).statusCode(400).body("detail", containsString("from 2 to 32"));
        create("RANKING", Map.of("k", 1)).statusCode(400).body("detail", containsString("leave it out to rank all replies"));
        create("RANKING", null).statusCode(201).body("settings.k", org.hamcrest.Matchers.nullValue());
        create("RANKING", Map.of("k", 16)).statusCode(201).body("settings.k", equalTo(16));
        create("RANKING", Map.of("k", 4, "topK", 4)).statusCode(400).body("detail", containsString("'topK' must be between 1 and 3"));
        create("RUBRIC", Map.of("dimensions", List.of(Map.of("name", "helpfulness")), "scale", 6))
                .statusCode(400).body("detail", containsString("'scale' must be 5 or 7"));
        create("RUBRIC", Map.of("scale", 7)).statusCode(400).body("detail", containsString("needs 'dimensions'"));
        create("RUBRIC", Map.of("dimensions", List.of(Map.of("name", "honesty"), Map.of("name", "Honesty"))))
                .statusCode(400).body("detail", containsString("'Honesty' is listed twice"));
        create("CATEGORICAL", Map.of("labels", List.of("yes"))).statusCode(400).body("detail", containsString("2 to 9"));
        create("CATEGORICAL", Map.of("labels", List.of("yes", "no"), "k", 3))
                .statusCode(400).body("detail", containsString("'k' applies to ranking campaigns only"));
        create("PAIRWISE", Map.of("flags", List.of("rude", "rude"))).statusCode(400).body("detail", containsString("listed twice"));
        create("CORRECTION", Map.of("labels", List.of("a", "b"))).statusCode(400).body("detail", containsString("'labels' applies"));
        create("PAIRWISE", null).statusCode(201).body("settings.flags", equalTo(List.of("harmful", "incorrect", "off-topic")));
        create("CATEGORICAL", Map.of("labels", List.of(" yes ", "no"))).statusCode(201)
                .body("settings.labels", equalTo(List.of("yes", "no"))).body("settings.multi", equalTo(false))
                .body("settings.target", equalTo("PROMPT"));
        create("RUBRIC", Map.of("dimensions", List.of(Map.of("name", "honesty", "description", "No made-up facts"))))
                .statusCode(201).body("settings.scale", equalTo(5)).body("settings.dimensions[0].name", equalTo("honesty"));
    }

    @Test
    void rankingShowsKRepliesInRandomOrderAndTakesEachExactlyOnce() {
        long campaign = open("RANKING", Map.of("k", 4), 1, 4);
        JsonPath task = next(campaign);
        assertEquals("RANKING", task.getString("kind"));
        assertEquals(List.of(1, 2, 3, 4), task.getList("replies.number"));
        List<String> texts = task.getList("replies.text");
        assertEquals(Set.of("model0 answer to 1", "model1 answer to 1", "model2 answer to 1", "model3 answer to 1"),
                new HashSet<>(texts));
        long id = task.getLong("taskId");
        rejected(campaign, id, Map.of(), "'ranking' is required");
        rejected(campaign, id, Map.of("ranking", List.of(1, 1, 2, 3)), "must list each of the 4 replies exactly once");
        rejected(campaign, id, Map.of("ranking", List.of(1, 2, 3)), "must list each of the 4 replies exactly once");
        rejected(campaign, id, Map.of("ranking", List.of(1, 2, 3, 5)), "numbers 1 to 4");
        rejected(campaign, id, Map.of("ranking", List.of(1, 2, 3, 4), "choice", "A"), "'choice' does not apply");

        JsonPath accepted = answer(campaign, id, Map.of("ranking", List.of(3, 1, 4, 2), "reason", "3 is precise"))
                .then().statusCode(201).extract().jsonPath();
        assertEquals(List.of(3, 1, 4, 2), accepted.getList("answer.ranking"));
        // the stored answer names generations, so it does not depend on the display order
        List<Long> generations = accepted.getList("answer.generationIds", Long.class);
        assertEquals(4, new HashSet<>(generations).size());
        String event = eventOf(accepted.getLong("id"));
        assertTrue(event.contains("\"choice\":\"r3>r1>r4>r2\""), event);
        assertTrue(event.contains("\"kind\":\"RANKING\""), event);
        assertTrue(event.contains("\"goldCorrect\":null"), event);
    }

    @Test
    void rankingDisplayOrderIsDrawnPerTask() {
        long campaign = open("RANKING", Map.of("k", 3), 12, 3);
        int model0First = 0;
        for (int i = 0; i < 12; i++) {
            JsonPath task = next(campaign);
            model0First += task.getString("replies[0].text").startsWith("model0") ? 1 : 0;
            answer(campaign, task.getLong("taskId"), Map.of("ranking", List.of(1, 2, 3))).then().statusCode(201);
        }
        // model0 shown first in all 12 tasks (or none) has probability 2 * (1/3)^12 under a random order
        assertTrue(model0First < 12, "model0 was shown first in every task");
    }

    @Test
    void rankingGroupsEveryReplyAndTopKRanksOnlyTheBest() {
        long campaign = open("RANKING", Map.of("k", 3, "topK", 2), 1, 5);
        Set<String> shown = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            JsonPath task = next(campaign);
            assertEquals(3, task.getList("replies").size());
            shown.addAll(task.getList("replies.text"));
            long id = task.getLong("taskId");
            rejected(campaign, id, Map.of("ranking", List.of(1, 2, 3)), "your best 2 of the 3 replies");
            answer(campaign, id, Map.of("ranking", List.of(2, 1))).then().statusCode(201).body("answer.of", equalTo(3));
        }
        assertEquals(5, shown.size(), "5 replies in groups of 3 make 2 tasks that show every reply");
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(204);
    }

    @Test
    void rankingNeedsTwoRepliesToOpenAndRanksFewerThanKInOneSmallerTask() {
        long single = create("RANKING", Map.of("k", 3)).statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, single, 1);
        Fixtures.candidateWithOutputs(modeler, single, 1, "only");
        as(modeler.token()).post("/api/campaigns/" + single + "/open").then().statusCode(409)
                .body("detail", containsString("needs at least two candidates"));
        Fixtures.candidateWithOutputs(modeler, single, 1, "two");
        as(modeler.token()).post("/api/campaigns/" + single + "/open").then().statusCode(200);
        assertEquals(2, next(single).getList("replies").size(), "two replies, fewer than k = 3: one task of two");
    }

    /**
     * Group sizes differ per prompt: with no k, every reply of a prompt is ranked together: 16, 9 and 2 here. The
     * player lists them all and its form becomes the full ranking; the API checks the ranking against the task's size.
     */
    @Test
    void rankingTasksShowEveryReplyOfTheirPromptSixteenNineOrTwo() {
        long campaign = create("RANKING", null).statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, 3);
        for (int i = 0; i < 16; i++) { // p1 answered by all 16, p2 by 9, p3 by 2
            Fixtures.candidateWithOutputs(modeler, campaign, i < 2 ? 3 : i < 9 ? 2 : 1, "model" + i);
        }
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        as(modeler.token()).get("/api/campaigns/" + campaign + "/progress").then().body("tasksTotal", equalTo(3));
        Fixtures.Session cookie = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        Set<Integer> sizes = new HashSet<>();
        for (int t = 0; t < 3; t++) {
            String page = Fixtures.browser(cookie).get("/play/" + campaign)
                    .then().statusCode(200).extract().asString();
            int shown = page.split("class=\"rank-item reply\"", -1).length - 1;
            sizes.add(shown);
            assertTrue(page.contains("data-ranked=\"" + shown + "\"") && page.contains("(" + shown + " replies)"), page);
            long task = Long.parseLong(page.replaceAll("(?s).*data-task=\"(\\d+)\".*", "$1"));
            if (shown == 9) { // the API takes the same answers, checked against this task's nine replies
                rejected(campaign, task, Map.of("ranking", List.of(1, 2, 3, 4, 5, 6, 7, 8)), "each of the 9 replies exactly once");
                rejected(campaign, task, Map.of("ranking", List.of(1, 2, 3, 4, 5, 6, 7, 8, 10)), "numbers 1 to 9");
            }
            List<String> order = new java.util.ArrayList<>();
            for (int n = shown; n >= 1; n--) {
                order.add(Integer.toString(n));
            }
            io.restassured.specification.RequestSpecification form = Fixtures.browser(cookie).header("HX-Request", "true")
                    .contentType(ContentType.URLENC).formParam("order", order.toArray());
            String saved = form.post("/play/" + campaign + "/tasks/" + task + "/answer").then().statusCode(200).extract().asString();
            assertTrue(saved.contains("Saved."), saved);
            assertEquals(order.stream().map(Integer::valueOf).toList(), storedAnswer(task).getList("ranking"));
            assertEquals(shown, new HashSet<>(storedAnswer(task).getList("generationIds")).size());
        }
        assertEquals(Set.of(16, 9, 2), sizes);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/datasets").then().statusCode(201)
                .body("kind", equalTo("RANKING")).body("votes", equalTo(3));
    }

    @Test
    void rubricNeedsARatingForEveryDimension() {
        long campaign = open("RUBRIC", Map.of("dimensions", List.of(
                Map.of("name", "helpfulness", "description", "Solves the task"),
                Map.of("name", "honesty", "description", "No made-up facts")), "scale", 5), 1, 2);
        JsonPath task = next(campaign);
        assertEquals(1, task.getList("replies").size());
        assertEquals(List.of("helpfulness", "honesty"), task.getList("settings.dimensions.name"));
        long id = task.getLong("taskId");
        rejected(campaign, id, Map.of("ratings", Map.of("helpfulness", 4)), "Dimension 'honesty' needs a rating from 1 to 5");
        rejected(campaign, id, Map.of("ratings", Map.of("helpfulness", 4, "honesty", 6)), "'honesty' needs a rating from 1 to 5, not 6");
        rejected(campaign, id, Map.of("ratings", Map.of("helpfulness", 4, "honesty", 5, "clarity", 3)),
                "Dimension 'clarity' is not one of helpfulness, honesty");
        long submission = answer(campaign, id, Map.of("ratings", Map.of("Honesty", 5, "helpfulness", 4)))
                .then().statusCode(201).body("answer.ratings.honesty", equalTo(5)).extract().jsonPath().getLong("id");
        assertTrue(eventOf(submission).contains("\"choice\":\"helpfulness=4,honesty=5\""));
        // two candidates, one rubric task per reply
        answer(campaign, next(campaign).getLong("taskId"), Map.of("ratings", Map.of("helpfulness", 1, "honesty", 1)))
                .then().statusCode(201);
        as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next").then().statusCode(204);
    }

    @Test
    void categoricalOnThePromptItemNeedsNoCandidates() {
        long campaign = create("CATEGORICAL", Map.of("labels", List.of("entailment", "neutral", "contradiction")))
                .statusCode(201).extract().jsonPath().getLong("id");
        as(modeler.token()).contentType("application/jsonl")
                .body("{\"id\": \"rte1\", \"prompt\": \"Text: A cat sleeps.\\n\\nHypothesis: An animal rests.\"}")
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        JsonPath task = next(campaign);
        assertTrue(task.getString("prompt").contains("Hypothesis"));
        assertTrue(task.getList("replies").isEmpty());
        long id = task.getLong("taskId");
        rejected(campaign, id, Map.of("labels", List.of("maybe")), "Label 'maybe' is not one of entailment, neutral, contradiction");
        rejected(campaign, id, Map.of("labels", List.of("neutral", "entailment")), "Pick exactly one label");
        rejected(campaign, id, Map.of("labels", List.of()), "'labels' is required");
        long submission = answer(campaign, id, Map.of("labels", List.of("Entailment"))).then().statusCode(201)
                .body("answer.labels", equalTo(List.of("entailment"))).extract().jsonPath().getLong("id");
        assertTrue(eventOf(submission).contains("\"choice\":\"entailment\""));
    }

    @Test
    void categoricalOnRepliesTakesSeveralLabels() {
        long campaign = open("CATEGORICAL", Map.of("labels", List.of("polite", "accurate", "concise"), "multi", true,
                "target", "REPLY"), 2, 2);
        Set<Long> tasks = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            JsonPath task = next(campaign);
            assertEquals(1, task.getList("replies").size());
            tasks.add(task.getLong("taskId"));
            answer(campaign, task.getLong("taskId"), Map.of("labels", List.of("concise", "polite", "concise")))
                    .then().statusCode(201).body("answer.labels", equalTo(List.of("polite", "concise")));
        }
        assertEquals(4, tasks.size(), "one task per reply: 2 prompts x 2 candidates");
    }

    @Test
    void correctionStoresTheEditedTextAndItsDiff() {
        long campaign = open("CORRECTION", null, 1, 1);
        JsonPath task = next(campaign);
        assertEquals("model0 answer to 1", task.getString("replies[0].text"));
        long id = task.getLong("taskId");
        rejected(campaign, id, Map.of("text", "  "), "'text' is required");
        rejected(campaign, id, Map.of("text", "x".repeat(100_001)), "longer than 100000");
        JsonPath accepted = answer(campaign, id, Map.of("text", "model0 reply to question 1"))
                .then().statusCode(201).extract().jsonPath();
        assertEquals("model0 reply to question 1", accepted.getString("answer.text"));
        assertEquals(List.of("KEEP", "REMOVE", "ADD", "KEEP", "ADD", "KEEP"), accepted.getList("answer.diff.op"));
        assertEquals(List.of("model0 ", "answer", "reply", " to", " question", " 1"), accepted.getList("answer.diff.text"));
        assertTrue(eventOf(accepted.getLong("id")).contains("\"choice\":\"edited +2 -1 words\""));
    }

    @Test
    void pairwiseTakesFlagsPerReplyAndARationale() {
        long campaign = open("PAIRWISE", Map.of("flags", List.of("harmful", "made-up facts")), 1, 2);
        JsonPath task = next(campaign);
        assertEquals(List.of("harmful", "made-up facts"), task.getList("settings.flags"));
        long id = task.getLong("taskId");
        rejected(campaign, id, Map.of("choice", "A", "flags", Map.of("B", List.of("rude"))),
                "Flag 'rude' is not one of harmful, made-up facts");
        rejected(campaign, id, Map.of("choice", "A", "flags", Map.of("C", List.of("harmful"))), "use the keys 'A' and 'B'");
        rejected(campaign, id, Map.of("choice", "A", "ranking", List.of(1, 2)), "'ranking' does not apply");
        JsonPath accepted = answer(campaign, id, Map.of("choice", "A", "reason", "B invents a source",
                "flags", Map.of("B", List.of("Made-up facts")))).then().statusCode(201).extract().jsonPath();
        assertEquals("A", accepted.getString("choice"));
        assertEquals("B invents a source", accepted.getString("reason"));
        assertEquals(List.of("made-up facts"), accepted.getList("answer.flags.B"));
        String event = eventOf(accepted.getLong("id"));
        assertTrue(event.contains("\"choice\":\"A\"") && event.contains("\"kind\":\"PAIRWISE\""), event);
    }

    @Test
    void onlyPairwiseAnswersReachTheLeaderboardWhileDatasetsTakeEveryKind() {
        long campaign = open("RANKING", Map.of("k", 2), 2, 2);
        for (int i = 0; i < 2; i++) {
            answer(campaign, next(campaign).getLong("taskId"), Map.of("ranking", List.of(2, 1))).then().statusCode(201);
        }
        as(modeler.token()).get("/api/campaigns/" + campaign + "/leaderboard").then().statusCode(200).body("votes", equalTo(0));
        // rankings are exported in their own files (rewardmodel.KindExportsTest checks the rows)
        as(modeler.token()).post("/api/campaigns/" + campaign + "/datasets").then().statusCode(201)
                .body("kind", equalTo("RANKING")).body("votes", equalTo(2));
    }

    @Test
    void thePlayerFormOfEachKindBecomesTheSameAnswer() {
        long campaign = open("RUBRIC", Map.of("dimensions", List.of(Map.of("name", "tone"), Map.of("name", "facts"))), 1, 1);
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String page = Fixtures.browser(session).get("/play/" + campaign)
                .then().statusCode(200).extract().asString();
        assertTrue(page.contains("name=\"rating:tone\""), page);
        long task = Long.parseLong(page.replaceAll("(?s).*data-task=\"(\\d+)\".*", "$1"));
        String incomplete = Fixtures.browser(session).header("HX-Request", "true")
                .formParam("rating:tone", "3").post("/play/" + campaign + "/tasks/" + task + "/answer")
                .then().statusCode(200).extract().asString();
        assertTrue(incomplete.contains("Dimension &#39;facts&#39; needs a rating from 1 to 5"), incomplete);
        String saved = Fixtures.browser(session).header("HX-Request", "true")
                .formParam("rating:tone", "3").formParam("rating:facts", "5")
                .post("/play/" + campaign + "/tasks/" + task + "/answer").then().statusCode(200).extract().asString();
        assertTrue(saved.contains("Saved.") && saved.contains("1 answered"), saved);
    }

    @Test
    void theOpenApiDocumentShowsEachAnswerFormatWithAnExample() {
        String openapi = io.restassured.RestAssured.given().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        for (String format : List.of("PairwiseAnswer", "RankingAnswer", "RubricAnswer", "CategoricalAnswer", "CorrectionAnswer")) {
            assertTrue(openapi.contains("\"" + format + "\""), format + " missing from the OpenAPI document");
        }
        assertTrue(openapi.contains("helpfulness"), "the rubric example is documented");
        assertTrue(openapi.contains("KindSettings"), "campaign settings are documented");
    }

    /** Leases the labeler's task in the browser player, posts the form fields and returns the task id. */
    private long postPlayerForm(long campaign, Map<String, List<String>> fields) {
        Fixtures.Session session = Fixtures.login(labeler.username(), Fixtures.PASSWORD);
        String page = Fixtures.browser(session).get("/play/" + campaign)
                .then().statusCode(200).extract().asString();
        long task = Long.parseLong(page.replaceAll("(?s).*data-task=\"(\\d+)\".*", "$1"));
        io.restassured.specification.RequestSpecification request = Fixtures.browser(session).header("HX-Request", "true").contentType(ContentType.URLENC);
        fields.forEach((name, values) -> request.formParam(name, values.toArray()));
        String answered = request.post("/play/" + campaign + "/tasks/" + task + "/answer").then().statusCode(200).extract().asString();
        assertTrue(answered.contains("Saved."), answered);
        return task;
    }

    /** The stored answer to the task with this public id (the id the player showed). */
    private static JsonPath storedAnswer(long task) {
        return new JsonPath(QuarkusTransaction.requiringNew().call(() -> Submission.<Submission>find(
                "taskId in (select t.id from Task t where t.publicId = ?1)", task).firstResult().answer));
    }

    @Test
    void playerFormsBecomeTheAnswersTheApiTakes() {
        long ranking = open("RANKING", Map.of("k", 3, "topK", 2), 1, 3);
        long task = postPlayerForm(ranking, Map.of("order", List.of("3", "1", "2")));
        assertEquals(List.of(3, 1), storedAnswer(task).getList("ranking"), "the arranged order, cut to the top 2");

        long pairwise = open("PAIRWISE", null, 1, 2);
        task = postPlayerForm(pairwise, Map.of("choice", List.of("A"), "flag-B", List.of("incorrect", "off-topic"),
                "reason", List.of("B is wrong")));
        assertEquals(List.of("incorrect", "off-topic"), storedAnswer(task).getList("flags.B"));

        long categorical = open("CATEGORICAL", Map.of("labels", List.of("polite", "accurate"), "multi", true, "target", "REPLY"), 1, 1);
        task = postPlayerForm(categorical, Map.of("label", List.of("accurate", "polite")));
        assertEquals(List.of("polite", "accurate"), storedAnswer(task).getList("labels"));

        long correction = open("CORRECTION", null, 1, 1);
        task = postPlayerForm(correction, Map.of("text", List.of("model0 answer to question 1")));
        assertEquals("model0 answer to question 1", storedAnswer(task).getString("text"));
        assertEquals(1, storedAnswer(task).getInt("wordsAdded"));
    }

    @Test
    void theCampaignPageStatesTheSettingsAndOffersTheLeaderboardForPairwiseOnly() {
        long rubric = create("RUBRIC", Map.of("dimensions", List.of(Map.of("name", "helpfulness"), Map.of("name", "honesty")),
                "scale", 7)).statusCode(201).extract().jsonPath().getLong("id");
        long pairwise = create("PAIRWISE", null).statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.Session session = Fixtures.login(modeler.username(), Fixtures.PASSWORD);
        String rubricPage = Fixtures.browser(session).get("/campaigns/" + rubric)
                .then().statusCode(200).extract().asString();
        assertTrue(rubricPage.contains("Rate helpfulness, honesty on a 7-point scale."), rubricPage);
        assertTrue(!rubricPage.contains("Model leaderboard"), "a rubric campaign has no model leaderboard");
        String pairwisePage = Fixtures.browser(session).get("/campaigns/" + pairwise)
                .then().statusCode(200).extract().asString();
        assertTrue(pairwisePage.contains("Flags per reply: harmful, incorrect, off-topic."), pairwisePage);
        assertTrue(pairwisePage.contains("Model leaderboard"));
    }
}
