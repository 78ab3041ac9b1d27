package dev.laurel.dataset;

import dev.laurel.campaign.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.KindSettings;
import dev.laurel.campaign.TaskKind;
import dev.laurel.campaign.kind.Answered;
import dev.laurel.campaign.kind.Choice;
import dev.laurel.campaign.kind.KindAnswer;
import dev.laurel.campaign.kind.categorical.CategoricalAnswer;
import dev.laurel.campaign.kind.correction.CorrectionAnswer;
import dev.laurel.campaign.kind.pairwise.PairwiseAnswer;
import dev.laurel.campaign.kind.ranking.RankingAnswer;
import dev.laurel.campaign.kind.rubric.RubricAnswer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Label Studio and Argilla files, checked against the shapes of real Label Studio exports and editor examples
 * in {@code ../shared/data/labelstudio-export-sample} (its README lists them).
 */
class AnnotationToolExportsTest {
    private static final Path SAMPLES = Path.of("../shared/data/labelstudio-export-sample");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    /** Candidate c's reply is generation 10c, "reply c" by model "mc". */
    private static Answered.Reply reply(long candidate) {
        return new Answered.Reply(10 * candidate, candidate, "m" + candidate, "reply " + candidate);
    }

    private static Answered answer(String labeler, List<Answered.Reply> shown, KindAnswer answer) {
        return new Answered(1, "q1", "Which?", List.of(new ChatMessage("user", "Which?")), shown, answer, labeler, 1.0, AT);
    }

    /** A vote between m1 (left) and m2. */
    private static Answered row(Choice choice, String labeler) {
        Long preferred = choice == Choice.A ? Long.valueOf(10) : choice == Choice.B ? Long.valueOf(20) : null;
        return answer(labeler, List.of(reply(1), reply(2)), new PairwiseAnswer(choice, preferred, null, null));
    }

    private static Answered ranking(String labeler, List<Long> shown, List<Long> ranked) {
        return answer(labeler, shown.stream().map(AnnotationToolExportsTest::reply).toList(),
                new RankingAnswer(List.of(), ranked.stream().map(c -> 10 * c).toList(), null));
    }

    /** The file of answers of this kind; {@code columns} are a rubric's dimensions or a categorical campaign's labels. */
    private static JsonNode write(DatasetFormat format, TaskKind kind, List<String> columns, List<Answered> answers)
            throws Exception {
        KindSettings settings = kind == TaskKind.RUBRIC ? new KindSettings(null, null, null,
                columns.stream().map(c -> new KindSettings.Dimension(c, "")).toList(), 5, null, null, null, null)
                : new KindSettings(null, null, null, null, null, columns, null, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnnotationToolExports writer = new AnnotationToolExports(format, out, kind.spec().dataset(settings));
        writer.write(answers);
        writer.finish();
        JsonNode tasks = JSON.readTree(out.toByteArray());
        assertEquals(writer.items(), tasks.size());
        return tasks;
    }

    private static JsonNode sample(String file) throws Exception {
        return JSON.readTree(SAMPLES.resolve(file).toFile());
    }

    /** The first result of the sample's first annotation whose type is {@code type}. */
    private static JsonNode sampleResult(JsonNode task, String type) {
        for (JsonNode result : task.get("annotations").get(0).get("result")) {
            if (result.get("type").asText().equals(type)) {
                return result;
            }
        }
        throw new AssertionError("no " + type + " result in the sample");
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Our result has the sample's keys, and its value the same keys holding the same JSON types. */
    private static void assertShapeOf(JsonNode sample, JsonNode ours) {
        assertTrue(keys(ours).containsAll(Set.of("id", "from_name", "to_name", "type", "value")), ours.toString());
        assertEquals(sample.get("type").asText(), ours.get("type").asText());
        assertEquals(keys(sample.get("value")), keys(ours.get("value")), ours.toString());
        sample.get("value").fields().forEachRemaining(field -> {
            JsonNode mine = ours.get("value").get(field.getKey());
            assertEquals(field.getValue().getNodeType(), mine.getNodeType(), field.getKey());
            if (field.getValue().isArray() && field.getValue().size() > 0) {
                assertEquals(field.getValue().get(0).getNodeType(), mine.get(0).getNodeType(), field.getKey() + " items");
            }
        });
    }

    private static void assertTaskShape(JsonNode task) throws Exception {
        JsonNode export = sample("full-export/model_monitoring_ls_data.json").get(0);
        assertTrue(keys(task).containsAll(Set.of("data", "annotations")), task.toString());
        assertTrue(task.get("data").isObject());
        for (JsonNode annotation : task.get("annotations")) {
            assertTrue(annotation.get("result").isArray());
            for (String key : List.of("was_cancelled", "ground_truth", "created_at")) {
                assertEquals(export.get("annotations").get(0).get(key).getNodeType(), annotation.get(key).getNodeType(), key);
            }
        }
    }

    @Test
    void pairwiseVotesBecomeOneLabelStudioTaskPerPairWithPairwiseResults() throws Exception {
        JsonNode tasks = write(DatasetFormat.LABELSTUDIO_JSON, TaskKind.PAIRWISE, List.of(), List.of(
                row(Choice.B, "l_1"), row(Choice.A, "l_2"), row(Choice.TIE, "l_3")));

        assertEquals(1, tasks.size());
        JsonNode task = tasks.get(0);
        assertTaskShape(task);
        JsonNode pairwise = sample("editor-examples/pairwise/annotations/1.json");
        assertEquals(keys(pairwise.get("data")), keys(task.get("data")).stream().filter(k -> k.startsWith("text"))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)), "the two texts are text1 and text2");
        assertEquals("reply 1", task.at("/data/text1").asText());
        JsonNode first = task.at("/annotations/0/result/0");
        assertShapeOf(sampleResult(pairwise, "pairwise"), first);
        assertEquals(first.get("from_name"), first.get("to_name"), "the Pairwise tag names itself, as in the sample");
        assertEquals("right", first.at("/value/selected").asText());
        assertEquals("left", task.at("/annotations/1/result/0/value/selected").asText());
        assertEquals("tie", task.at("/annotations/2/result/0/value/choices/0").asText(), "Pairwise has no tie: a choice says it");
        assertEquals(List.of("l_1", "l_2", "l_3"), JSON.convertValue(task.at("/meta/labelers"), List.class));
    }

    @Test
    void rankingsRatingsLabelsAndCorrectionsHaveLabelStudiosResultShapes() throws Exception {
        JsonNode ranker = sample("editor-examples/ranker/annotations/1.json");
        JsonNode ranked = write(DatasetFormat.LABELSTUDIO_JSON, TaskKind.RANKING, List.of(), List.of(
                ranking("l_1", List.of(1L, 2L, 3L), List.of(3L, 1L, 2L)),
                ranking("l_2", List.of(1L, 2L, 3L), List.of(2L, 3L, 1L)))).get(0);
        assertTaskShape(ranked);
        JsonNode result = ranked.at("/annotations/0/result/0");
        assertShapeOf(sampleResult(ranker, "ranker"), result);
        assertEquals(List.of("m3", "m1", "m2"), JSON.convertValue(result.at("/value/ranker"), List.class));
        List<String> ids = new ArrayList<>();
        ranked.at("/data/items").forEach(item -> ids.add(item.get("id").asText()));
        assertEquals(List.of("m1", "m2", "m3"), ids, "ranker values are ids of data.items, as in the sample");
        assertEquals(keys(sample("editor-examples/ranker/tasks.json").at("/0/data/items/0")), keys(ranked.at("/data/items/0")));
        assertEquals(2, ranked.get("annotations").size(), "both rankings of the same replies are one task");

        JsonNode rating = write(DatasetFormat.LABELSTUDIO_JSON, TaskKind.RUBRIC, List.of("helpfulness", "honesty"), List.of(
                answer("l_1", List.of(reply(1)), new RubricAnswer(Map.of("helpfulness", 4, "honesty", 5), 5, 10)))).get(0);
        assertTaskShape(rating);
        JsonNode perTag = JSON.readTree(SAMPLES.resolve("rating_results_from_editor_tests.json").toFile()).at("/per_tag/result/0");
        assertShapeOf(perTag, rating.at("/annotations/0/result/0"));
        assertEquals("helpfulness", rating.at("/annotations/0/result/0/from_name").asText());
        assertEquals(5, rating.at("/annotations/0/result/1/value/rating").asInt());

        JsonNode labels = write(DatasetFormat.LABELSTUDIO_JSON, TaskKind.CATEGORICAL, List.of("polite", "rude"), List.of(
                answer("l_1", List.of(reply(1)), new CategoricalAnswer(List.of("polite"), 10L)))).get(0);
        JsonNode sentiment = sample("editor-examples/sentiment_analysis/annotations/0.json");
        assertShapeOf(sampleResult(sentiment, "choices"), labels.at("/annotations/0/result/0"));

        JsonNode corrected = write(DatasetFormat.LABELSTUDIO_JSON, TaskKind.CORRECTION, List.of(), List.of(
                answer("l_1", List.of(reply(1)), new CorrectionAnswer("better reply", 10, 1, 1, List.of())))).get(0);
        JsonNode textarea = sampleResult(sample("full-export/model_monitoring_ls_data.json").get(0), "textarea");
        assertShapeOf(textarea, corrected.at("/annotations/0/result/0"));
        assertEquals("better reply", corrected.at("/annotations/0/result/0/value/text/0").asText());
    }

    @Test
    void argillaRecordsHaveFieldsMetadataAndResponsesByQuestion() throws Exception {
        JsonNode votes = write(DatasetFormat.ARGILLA_JSON, TaskKind.PAIRWISE, List.of(), List.of(
                row(Choice.B, "l_1"), row(Choice.BOTH_BAD, "l_2")));
        JsonNode record = votes.get(0);
        assertEquals(Set.of("fields", "metadata", "responses"), keys(record));
        assertEquals(Set.of("prompt", "response_a", "response_b"), keys(record.get("fields")));
        assertEquals(List.of("model_b", "both_bad"), List.of(record.at("/responses/winner/0/value").asText(),
                record.at("/responses/winner/1/value").asText()));
        assertEquals(AnnotationToolExports.userId("l_1"), record.at("/responses/winner/0/user_id").asText());
        assertTrue(record.at("/responses/winner/0/user_id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "a UUID, as Argilla's user ids are");

        JsonNode ranking = write(DatasetFormat.ARGILLA_JSON, TaskKind.RANKING, List.of(), List.of(
                ranking("l_1", List.of(1L, 2L, 3L), List.of(3L, 1L)))).get(0);
        assertEquals(List.of("response_3", "response_1"), JSON.convertValue(ranking.at("/responses/ranking/0/value"), List.class),
                "a top-2 ranking names only the ranked replies");
        assertEquals("m3", ranking.at("/metadata/model_3").asText());

        JsonNode rating = write(DatasetFormat.ARGILLA_JSON, TaskKind.RUBRIC, List.of("helpfulness"), List.of(
                answer("l_1", List.of(reply(1)), new RubricAnswer(Map.of("helpfulness", 4), 5, 10)))).get(0);
        assertEquals(4, rating.at("/responses/helpfulness/0/value").asInt());
        JsonNode labels = write(DatasetFormat.ARGILLA_JSON, TaskKind.CATEGORICAL, List.of("a", "b"), List.of(
                answer("l_1", List.of(), new CategoricalAnswer(List.of("a", "b"), null)))).get(0);
        assertEquals(Set.of("prompt"), keys(labels.get("fields")), "a label of the prompt alone shows no reply");
        assertEquals(List.of("a", "b"), JSON.convertValue(labels.at("/responses/labels/0/value"), List.class));
    }
}
