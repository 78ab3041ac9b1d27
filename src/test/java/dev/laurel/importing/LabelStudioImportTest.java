package dev.laurel.importing;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.laurel.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Label Studio samples ({@code ../shared/data/labelstudio-export-sample}: full exports and the editor's example
 * projects) imported through the REST API into campaigns of each kind, both shapes of free text and of rankers, and
 * a deliberately broken copy.
 */
@QuarkusTest
class LabelStudioImportTest {
    private static final Path DATA = Path.of("../shared/data/labelstudio-export-sample");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EntityManager em;

    @Test
    void choicesBecomeCategoricalLabelsOfTheChosenControl() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long sentiment = campaign(modeler, "CATEGORICAL", Map.of("labels", List.of("Positive", "Negative", "Neutral")));
        ArrayNode tasks = JSON.createArrayNode();
        for (int i = 0; i < 4; i++) {
            tasks.add(JSON.readTree(DATA.resolve("editor-examples/sentiment_analysis/annotations/" + i + ".json").toFile()));
        }

        // the review is one of several text fields: the import says which one is the prompt
        JsonNode problem = json(post(modeler, sentiment, "", tasks.toString()).then().statusCode(400).extract().asString());
        assertTrue(problem.get("errors").get(0).asText().contains("?prompt=FIELD"), problem.toString());
        JsonNode result = json(post(modeler, sentiment, "?prompt=reviewText", tasks.toString()).then().statusCode(201).extract().asString());

        assertEquals(4, result.get("answers").asInt());
        assertEquals(List.of("Negative", "Negative", "Neutral", "Neutral"), stored(sentiment, "labels"));

        // a full export with twelve choices controls per annotation: one must be named
        long intents = campaign(modeler, "CATEGORICAL", Map.of("labels",
                List.of("Order Status", "Product Inquiry", "Return/Exchange Inquiry", "Other")));
        String chats = Files.readString(DATA.resolve("full-export/multi_turn_chat_labeled_results.json"));
        problem = json(post(modeler, intents, "", chats).then().statusCode(400).extract().asString());
        assertTrue(problem.get("errors").get(0).asText().startsWith("The export has 12 choices controls"), problem.toString());
        result = json(post(modeler, intents, "?control=turn1_user_intent", chats).then().statusCode(201).extract().asString());
        assertEquals(3, result.get("answers").asInt());
        assertEquals(1, result.get("annotators").asInt(), "completed_by 1 annotated all three");
        List<String> prompts = as(modeler.token()).get("/api/campaigns/" + intents + "/prompts").then().statusCode(200)
                .extract().jsonPath().getList("prompt");
        assertTrue(prompts.get(0).startsWith("user: Hi, do you have the new SmartWear fitness tracker in stock?\n\nassistant: "),
                "the conversation is kept turn by turn: " + prompts.get(0));
        assertEquals(1, count("select count(*) from submission s join task t on t.id = s.task_id where t.campaign_id = " + intents
                + " and s.created_at = timestamp with time zone '2025-01-11 18:53:45.949733+00'"), "created_at is the answer's time");
    }

    @Test
    void pairwiseAndBothShapesOfRankerImportBetweenRepliesNoModelGave() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long pairwise = campaign(modeler, "PAIRWISE", Map.of());
        JsonNode result = json(post(modeler, pairwise, "", Files.readString(DATA.resolve("editor-examples/pairwise/annotations/1.json")))
                .then().statusCode(201).extract().asString());
        assertEquals(1, result.get("answers").asInt());
        assertEquals(List.of("B"), stored(pairwise, "choice"), "selected right");
        JsonNode board = json(as(modeler.token()).get("/api/campaigns/" + pairwise + "/leaderboard").then().statusCode(200).extract().asString());
        assertEquals(0, board.get("models").size(), "replies of unknown origin stay off the model leaderboard");
        assertTrue(as(modeler.token()).get("/api/candidates").then().statusCode(200).extract().jsonPath().getList("$").isEmpty(),
                "and out of the team's candidates");

        // plain ranker: ids best first; the items come from the task file, the annotation from its own file
        long ranking = campaign(modeler, "RANKING", Map.of("k", 5));
        post(modeler, ranking, "", editorTask("ranker", 1)).then().statusCode(201);
        assertEquals(List.of("[2,1,3,4,5]"), stored(ranking, "ranking"));

        // buckets: read bucket by bucket, best first; a partial ranking needs a campaign that ranks a top K
        long buckets = campaign(modeler, "RANKING", Map.of("k", 3, "topK", 2));
        post(modeler, buckets, "", editorTask("ranker_buckets", 2)).then().statusCode(201);
        assertEquals(List.of("[2,1]"), stored(buckets, "ranking"), "mdn (item 2) best, then blog (item 1)");
    }

    @Test
    void textareasBecomeCorrectionsInBothShapesAndRatingsBecomeRubricRatings() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long correction = campaign(modeler, "CORRECTION", Map.of());
        JsonNode result = json(post(modeler, correction, "", Files.readString(DATA.resolve("full-export/model_monitoring_ls_data.json")))
                .then().statusCode(201).extract().asString());
        assertEquals(4, result.get("answers").asInt());
        // text as a list of strings, and (dialogue_analysis) as a bare string
        result = json(post(modeler, correction, "", Files.readString(DATA.resolve("editor-examples/dialogue_analysis/annotations/1.json")))
                .then().statusCode(201).extract().asString());
        assertEquals(1, result.get("answers").asInt());
        assertEquals(2, count("select count(*) from candidate c join generation g on g.candidate_id = c.id join prompt p on p.id = g.prompt_id"
                + " where p.campaign_id = " + correction + " and c.reply_source = 'human'"),
                "an edited prediction the export leaves out, and a text the annotator wrote, are human replies");

        long rubric = campaign(modeler, "RUBRIC", Map.of("dimensions", List.of(Map.of("name", "quality"))));
        JsonNode ratings = JSON.readTree(DATA.resolve("rating_results_from_editor_tests.json").toFile());
        ObjectNode rated = JSON.createObjectNode();
        rated.put("id", 9);
        rated.set("data", JSON.createObjectNode().put("prompt", "Describe the picture.").put("response", "A cat on a mat."));
        rated.set("annotations", JSON.createArrayNode().add(JSON.createObjectNode().put("completed_by", 7)
                .set("result", ratings.get("per_tag").get("result"))));
        post(modeler, rubric, "", JSON.createArrayNode().add(rated).toString()).then().statusCode(201);
        assertEquals(List.of("{\"quality\":4}"), stored(rubric, "ratings"));
        ObjectNode perItem = rated.deepCopy();
        ((ObjectNode) perItem.get("annotations").get(0)).set("result", ratings.get("per_item").get("result"));
        JsonNode problem = json(post(modeler, rubric, "", JSON.createArrayNode().add(perItem).toString()).then().statusCode(400).extract().asString());
        assertTrue(problem.get("errors").get(0).asText().startsWith("Record 1 (task 9), annotation 1: per-item ratings"), problem.toString());
    }

    @Test
    void aBrokenExportNamesEachBadAnnotationAndStoresNothing() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        long correction = campaign(modeler, "CORRECTION", Map.of());
        ArrayNode tasks = (ArrayNode) JSON.readTree(DATA.resolve("full-export/model_monitoring_ls_data.json").toFile());
        ((ObjectNode) tasks.get(1).get("annotations").get(0).get("result").get(0).get("value")).remove("text");
        ((ObjectNode) tasks.get(3).get("annotations").get(0)).put("created_at", "yesterday");

        JsonNode problem = json(post(modeler, correction, "", tasks.toString()).then().statusCode(400)
                .contentType("application/problem+json").extract().asString());

        List<String> errors = new ArrayList<>();
        problem.get("errors").forEach(e -> errors.add(e.asText()));
        assertEquals(List.of("Record 2 (task " + tasks.get(1).get("id").asText() + "), annotation 1: the textarea result has no text.",
                "Record 4 (task " + tasks.get(3).get("id").asText() + "), annotation 1: created_at 'yesterday' is not an ISO-8601 time."), errors);
        assertEquals(0, count("select count(*) from prompt where campaign_id = " + correction));
        assertEquals(0, count("select count(*) from task where campaign_id = " + correction));
        json(post(modeler, correction, "", "{\"not\": \"an export\"").then().statusCode(400).extract().asString());
    }

    /** An editor example as a one-task export: its task file's task, with its annotation file's annotations. */
    private static String editorTask(String example, int id) throws Exception {
        ObjectNode task = (ObjectNode) JSON.readTree(DATA.resolve("editor-examples/" + example + "/tasks.json").toFile()).get(0);
        task.put("id", id);
        task.set("annotations", JSON.readTree(DATA.resolve("editor-examples/" + example + "/annotations/1.json").toFile())
                .get("annotations"));
        return JSON.createArrayNode().add(task).toString();
    }

    private static io.restassured.response.Response post(Fixtures.User modeler, long campaign, String query, String body) {
        return as(modeler.token()).contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/campaigns/" + campaign + "/imports/labelstudio" + query);
    }

    private static long campaign(Fixtures.User modeler, String kind, Map<String, Object> settings) {
        return as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("ls"), "kind", kind, "overlap", 3, "settings", settings))
                .post("/api/campaigns").then().log().ifValidationFails().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A field of each stored answer of the campaign, in submission order, as JSON text. */
    private List<String> stored(long campaign, String field) throws Exception {
        List<String> values = new ArrayList<>();
        for (Object answer : QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select s.answer from submission s join task t on t.id = s.task_id where t.campaign_id = " + campaign
                        + " order by s.id").getResultList())) {
            JsonNode value = JSON.readTree((String) answer).get(field);
            values.add(value.isTextual() ? value.asText() : value.isArray() && value.size() == 1 && value.get(0).isTextual()
                    ? value.get(0).asText() : value.toString());
        }
        return values;
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).getSingleResult()).longValue());
    }
}
