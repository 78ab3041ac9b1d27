package dev.laurel.dataset;

import static dev.laurel.Fixtures.as;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dataset snapshots of ranking, rubric, categorical and correction campaigns, through the API: answers
 * submitted by labelers, a snapshot, and the rows of each downloaded file (schemas: docs/datasets.md).
 */
@QuarkusTest
class KindExportsTest {
    @Inject
    Datasets datasets;

    private Fixtures.User modeler;

    @BeforeEach
    void newTeam() {
        modeler = Fixtures.modeler();
    }

    /** An open campaign of the kind; candidate i answers prompt n with "model{i} answer to {n}". */
    private long open(String kind, Map<String, Object> settings, int overlap, int prompts, int candidates) {
        Map<String, Object> body = new HashMap<>(Map.of("name", Fixtures.unique(kind), "kind", kind, "overlap", overlap));
        if (settings != null) {
            body.put("settings", settings);
        }
        long campaign = as(modeler.token()).contentType(ContentType.JSON).body(body).post("/api/campaigns")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        Fixtures.uploadPrompts(modeler, campaign, prompts);
        for (int i = 0; i < candidates; i++) {
            Fixtures.candidateWithOutputs(modeler, campaign, prompts, "model" + i);
        }
        as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
        return campaign;
    }

    /** A new labeler leases the next task and sends the answer {@code answer} makes of it. */
    private static void answer(long campaign, java.util.function.Function<JsonPath, Map<String, Object>> answer) {
        Fixtures.User labeler = Fixtures.labeler();
        JsonPath task = as(labeler.token()).post("/api/campaigns/" + campaign + "/tasks/next")
                .then().statusCode(200).extract().jsonPath();
        as(labeler.token()).contentType(ContentType.JSON).body(answer.apply(task))
                .post("/api/campaigns/" + campaign + "/tasks/" + task.getLong("taskId") + "/answer").then().statusCode(201);
    }

    /** The reply numbers of the shown replies whose texts start with these models, in this order. */
    private static List<Integer> numbersOf(JsonPath task, String... models) {
        List<Integer> numbers = new ArrayList<>();
        for (String model : models) {
            List<Map<String, Object>> replies = task.getList("replies");
            numbers.add(replies.stream().filter(r -> ((String) r.get("text")).startsWith(model + " "))
                    .map(r -> (Integer) r.get("number")).findFirst().orElseThrow());
        }
        return numbers;
    }

    private JsonPath snapshot(long campaign) {
        return as(modeler.token()).post("/api/campaigns/" + campaign + "/datasets").then().statusCode(201).extract().jsonPath();
    }

    /** Downloads a file of version 1, checks it hashes to what the snapshot lists, and returns its text. */
    private String download(long campaign, JsonPath snapshot, String file) throws Exception {
        byte[] bytes = as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/" + file).then().statusCode(200)
                .header("Content-Disposition", containsString("campaign-" + campaign + "-v1-" + file))
                .extract().asByteArray();
        String listed = snapshot.getString("files.find { it.name == '" + file + "' }.sha256");
        assertEquals(listed, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), file + " hash");
        String text = new String(bytes, StandardCharsets.UTF_8);
        int header = file.endsWith(".csv") ? 1 : 0;
        assertEquals(snapshot.getLong("files.find { it.name == '" + file + "' }.rows"),
                text.isEmpty() ? 0 : text.split("\n").length - header, file + " rows");
        return text;
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n"));
    }

    @Test
    void rankingsExpandToPairsWhereTopKRepliesBeatTheUnrankedOnes() throws Exception {
        long campaign = open("RANKING", Map.of("k", 3, "topK", 2), 2, 1, 3);
        // model2 first in both; model0 and model1 each beat the other once, so no pair between them
        answer(campaign, task -> Map.of("ranking", numbersOf(task, "model2", "model0")));
        answer(campaign, task -> Map.of("ranking", numbersOf(task, "model2", "model1")));

        JsonPath snapshot = snapshot(campaign);

        assertEquals("RANKING", snapshot.getString("kind"));
        assertEquals(List.of("pairs.jsonl", "pairs-conversational.jsonl", "rankings.jsonl", "rankings.csv", "labelstudio.json",
                "argilla.json", "trl-config.yaml", "huggingface.zip"), snapshot.getList("files.name"));
        assertEquals(2, snapshot.getInt("votes"));
        assertEquals(2, snapshot.getInt("pairs"));
        assertEquals(3, snapshot.getInt("models"));
        assertEquals("{\"prompt\":\"Question number 1?\",\"chosen\":\"model2 answer to 1\",\"rejected\":\"model0 answer to 1\",\"margin\":1.0}\n"
                + "{\"prompt\":\"Question number 1?\",\"chosen\":\"model2 answer to 1\",\"rejected\":\"model1 answer to 1\",\"margin\":1.0}\n",
                download(campaign, snapshot, "pairs.jsonl"));
        assertEquals(List.of(new Datasets.PreferencePair("Question number 1?", "model2 answer to 1", "model0 answer to 1", 1.0),
                new Datasets.PreferencePair("Question number 1?", "model2 answer to 1", "model1 answer to 1", 1.0)),
                datasets.pairs(campaign, 1), "trainers read the same pairs");
        assertEquals(datasets.pairs(campaign, 1), datasets.pairs(campaign));

        List<String> rankings = lines(download(campaign, snapshot, "rankings.jsonl"));
        assertEquals(2, rankings.size());
        JsonPath first = new JsonPath(rankings.get(0));
        assertEquals(List.of("model0 answer to 1", "model1 answer to 1", "model2 answer to 1"), first.getList("replies.response"));
        assertTrue(first.getList("ranking", String.class).get(0).startsWith("model2-"));
        assertTrue(first.getList("ranking", String.class).get(1).startsWith("model0-"));
        assertTrue(first.getList("unranked", String.class).get(0).startsWith("model1-"));
        assertTrue(first.getString("labeler").matches("l_[0-9a-f]{32}"));

        List<String> csv = lines(download(campaign, snapshot, "rankings.csv"));
        assertEquals("prompt_id,ranking_no,model,rank,labeler,reliability,created_at", csv.get(0));
        assertEquals(7, csv.size(), "a row per shown reply of each ranking");
        assertTrue(csv.get(1).matches("p1,1,model2-\\w+,1,l_\\w+,1.0,.*"), csv.get(1));
        assertTrue(csv.get(3).matches("p1,1,model1-\\w+,,l_\\w+,1.0,.*"), "the unranked reply has no rank: " + csv.get(3));
        assertTrue(csv.get(6).startsWith("p1,2,model0-"), csv.get(6));

        as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/votes.jsonl").then().statusCode(404)
                .body("detail", containsString("pairs.jsonl, pairs-conversational.jsonl, rankings.jsonl, rankings.csv, labelstudio.json, argilla.json and trl-config.yaml"));
        String yaml = as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/trl-config.yaml")
                .then().statusCode(200).extract().asString();
        assertTrue(yaml.contains("sha256: " + snapshot.getString("files[0].sha256")), yaml);
    }

    @Test
    void rubricExportHasEveryVotePerReplyAndTheMeanOfEachDimension() throws Exception {
        long campaign = open("RUBRIC", Map.of("dimensions", List.of(Map.of("name", "helpfulness"), Map.of("name", "honesty"))),
                2, 1, 1);
        answer(campaign, task -> Map.of("ratings", Map.of("helpfulness", 4, "honesty", 5)));
        answer(campaign, task -> Map.of("ratings", Map.of("honesty", 4, "helpfulness", 1)));

        JsonPath snapshot = snapshot(campaign);

        assertEquals(List.of("ratings.jsonl", "ratings.csv", "labelstudio.json", "argilla.json", "huggingface.zip"),
                snapshot.getList("files.name"), "no pairs, so no TRL config");
        assertEquals(0, snapshot.getInt("pairs"));
        List<String> ratings = lines(download(campaign, snapshot, "ratings.jsonl"));
        assertEquals(1, ratings.size(), "one line per reply");
        JsonPath reply = new JsonPath(ratings.get(0));
        assertEquals("p1", reply.getString("prompt_id"));
        assertEquals("model0 answer to 1", reply.getString("response"));
        assertEquals(5, reply.getInt("scale"));
        assertEquals(List.of(4, 1), reply.getList("votes.ratings.helpfulness"));
        assertEquals(2.5, reply.getDouble("means.helpfulness"));
        assertEquals(4.5, reply.getDouble("means.honesty"));
        assertTrue(ratings.get(0).contains("\"ratings\":{\"helpfulness\":1,\"honesty\":4}"), "dimensions in the campaign's order");

        List<String> csv = lines(download(campaign, snapshot, "ratings.csv"));
        assertEquals("prompt_id,model,labeler,reliability,created_at,helpfulness,honesty", csv.get(0));
        assertTrue(csv.get(1).startsWith("p1,model0-") && csv.get(1).endsWith(",4,5"), csv.get(1));
        assertTrue(csv.get(2).endsWith(",1,4"), csv.get(2));
        assertEquals(List.of(), datasets.pairs(campaign, 1), "ratings make no preference pairs");

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rubric-hf");
        Map<String, byte[]> archive = HuggingFaceExportTest.unzip(as(modeler.token())
                .get("/api/campaigns/" + campaign + "/datasets/1/huggingface.zip?testFraction=0").then().statusCode(200)
                .extract().asByteArray());
        assertEquals(List.of("README.md", "data/train-00000-of-00001.parquet", "data/test-00000-of-00001.parquet"),
                List.copyOf(archive.keySet()));
        java.nio.file.Path train = dir.resolve("train.parquet");
        java.nio.file.Files.write(train, archive.get("data/train-00000-of-00001.parquet"));
        assertEquals(List.of(List.of("p1", "model0 answer to 1", 5L, 4L, 5L), List.of("p1", "model0 answer to 1", 5L, 1L, 4L)),
                DuckDb.query("select prompt_id, response, scale, helpfulness, honesty from '" + train + "' order by created_at")
                        .stream().map(row -> List.copyOf(row.values())).toList(), "one row per answer, an int64 column per dimension");
        assertTrue(new String(archive.get("README.md"), StandardCharsets.UTF_8).contains("  - name: \"honesty\"\n    dtype: int64\n"));
        com.fasterxml.jackson.databind.JsonNode tasks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                as(modeler.token()).get("/api/campaigns/" + campaign + "/datasets/1/labelstudio.json").then().statusCode(200)
                        .extract().asByteArray());
        assertEquals(1, tasks.size(), "one task per reply");
        assertEquals(2, tasks.at("/0/annotations").size());
        assertEquals("honesty", tasks.at("/0/annotations/1/result/1/from_name").asText());
        assertEquals(4, tasks.at("/0/annotations/1/result/1/value/rating").asInt());
    }

    @Test
    void categoricalExportCountsEachLabelAndNamesTheMajority() throws Exception {
        long replies = open("CATEGORICAL", Map.of("labels", List.of("polite", "accurate", "concise"), "multi", true,
                "target", "REPLY"), 3, 1, 1);
        answer(replies, task -> Map.of("labels", List.of("polite", "accurate")));
        answer(replies, task -> Map.of("labels", List.of("polite")));
        answer(replies, task -> Map.of("labels", List.of("concise", "polite")));

        JsonPath snapshot = snapshot(replies);

        assertEquals(List.of("labels.jsonl", "labels.csv", "labelstudio.json", "argilla.json", "huggingface.zip"),
                snapshot.getList("files.name"));
        JsonPath item = new JsonPath(download(replies, snapshot, "labels.jsonl"));
        assertEquals("model0 answer to 1", item.getString("response"));
        assertEquals(List.of(List.of("polite", "accurate"), List.of("polite"), List.of("polite", "concise")), item.getList("votes.labels"));
        assertEquals(Map.of("polite", 3, "accurate", 1, "concise", 1), item.getMap("counts"));
        assertEquals(List.of("polite"), item.getList("majority"));
        List<String> csv = lines(download(replies, snapshot, "labels.csv"));
        assertEquals("prompt_id,model,labeler,reliability,created_at,polite,accurate,concise", csv.get(0));
        assertEquals(List.of("1,1,0", "1,0,0", "1,0,1"), csv.subList(1, 4).stream().map(l -> l.substring(l.length() - 5)).toList());

        long prompts = open("CATEGORICAL", Map.of("labels", List.of("yes", "no")), 2, 1, 0);
        answer(prompts, task -> Map.of("labels", List.of("yes")));
        answer(prompts, task -> Map.of("labels", List.of("no")));
        snapshot = as(modeler.token()).post("/api/campaigns/" + prompts + "/datasets").then().statusCode(201).extract().jsonPath();
        item = new JsonPath(download(prompts, snapshot, "labels.jsonl"));
        assertNull(item.get("model"), "a label of the prompt item is about no reply");
        assertEquals(Map.of("yes", 1, "no", 1), item.getMap("counts"));
        assertEquals(List.of(), item.getList("majority"), "an even split has no majority");
        assertTrue(download(prompts, snapshot, "labels.csv").contains("\np1,,l_"), "the model column is empty");
    }

    @Test
    void correctionsExportTheOriginalTheEditAndSftRecords() throws Exception {
        long campaign = open("CORRECTION", null, 1, 2, 1);
        answer(campaign, task -> Map.of("text", task.getString("replies[0].text").replace("answer to", "reply to question")));
        answer(campaign, task -> Map.of("text", task.getString("replies[0].text")));

        JsonPath snapshot = snapshot(campaign);

        assertEquals(List.of("corrections.jsonl", "sft.jsonl", "labelstudio.json", "argilla.json", "huggingface.zip"),
                snapshot.getList("files.name"));
        assertEquals(2, snapshot.getInt("prompts"));
        List<String> corrections = lines(download(campaign, snapshot, "corrections.jsonl"));
        assertEquals(2, corrections.size());
        JsonPath edited = new JsonPath(corrections.stream().filter(l -> l.contains("\"changed\":true")).findFirst().orElseThrow());
        String prompt = edited.getString("prompt_id");
        String n = prompt.substring(1);
        assertEquals("model0 answer to " + n, edited.getString("original"));
        assertEquals("model0 reply to question " + n, edited.getString("corrected"));
        assertEquals(2, edited.getInt("words_added"));
        assertEquals(1, edited.getInt("words_removed"));
        assertEquals(List.of("KEEP", "REMOVE", "ADD", "KEEP", "ADD", "KEEP"), edited.getList("diff.op"));
        assertTrue(corrections.stream().anyMatch(l -> l.contains("\"changed\":false,\"words_added\":0,\"words_removed\":0")));

        String sft = download(campaign, snapshot, "sft.jsonl");
        assertTrue(sft.contains("{\"prompt\":\"Question number " + n + "?\",\"completion\":\"model0 reply to question " + n + "\"}\n"), sft);
        assertEquals(2, lines(sft).size());
    }
}
