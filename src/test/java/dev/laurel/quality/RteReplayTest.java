package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.LabelerClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the RTE set of Snow et al. (2008) — 800 sentence pairs, 164 crowd workers, 8,000
 * yes/no entailment labels — goes through Laurel's REST API as a model team and its labelers would
 * use it: a categorical campaign with the 800 texts as prompts, one labeler account per worker,
 * manual assignment of each item to the workers who labeled it, and every label replayed by its own
 * labeler (lease, then answer; blind, one lease at a time). The consensus the server computes must be
 * the offline algorithms' answer on every item, and so reproduce the published error rates.
 */
@QuarkusTest
class RteReplayTest {
    /** The server's settings, so the offline fit below is the one the recompute ran. */
    @Inject
    QualityConfig config;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LABELS = List.of("no", "yes"); // RTE response 0 = no entailment, 1 = entailment

    @Test
    void rteReplayedThroughTheApiReachesTheOfflineConsensusOnEveryItem() throws Exception {
        long started = System.nanoTime();
        Snow2008 rte = Snow2008.rte();
        Map<String, String> prompts = prompts();
        assertEquals(800, prompts.size());
        Map<String, String> itemOfPrompt = prompts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        assertEquals(800, itemOfPrompt.size(), "every item has its own text, so a labeler can tell them apart");

        // the model team: a yes/no campaign, the 800 items, their labelers and who labels what
        Fixtures.User modeler = Fixtures.modeler();
        long campaign = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("name", Fixtures.unique("rte1"), "kind", "CATEGORICAL", "overlap", 10,
                        "instructions", "Does the text entail the hypothesis?", "settings", Map.of("labels", LABELS)))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        StringBuilder jsonl = new StringBuilder();
        for (Map.Entry<String, String> prompt : prompts.entrySet()) {
            jsonl.append(JSON.writeValueAsString(Map.of("id", prompt.getKey(), "prompt", prompt.getValue()))).append('\n');
        }
        as(modeler.token()).contentType("application/jsonl").body(jsonl.toString())
                .post("/api/campaigns/" + campaign + "/prompts").then().statusCode(201);

        Map<String, Map<String, Integer>> labelsOfWorker = new LinkedHashMap<>(); // worker → item → response
        rte.labels().forEach(l -> labelsOfWorker.computeIfAbsent(l.labeler(), w -> new HashMap<>()).put(l.item(), l.value()));
        assertEquals(164, labelsOfWorker.size());
        Map<String, Fixtures.User> labelerOf = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> created = new ArrayList<>();
            labelsOfWorker.keySet().forEach(worker -> created.add(pool.submit(() -> labelerOf.put(worker, Fixtures.labeler()))));
            for (Future<?> f : created) {
                f.get();
            }
            StringBuilder csv = new StringBuilder("item,labeler\n");
            rte.labels().forEach(l -> csv.append(l.item()).append(',').append(labelerOf.get(l.labeler()).username()).append('\n'));
            as(modeler.token()).contentType("text/csv").body(csv.toString())
                    .post("/api/campaigns/" + campaign + "/assignments").then().statusCode(201)
                    .body("total", org.hamcrest.Matchers.equalTo(8000))
                    .body("items", org.hamcrest.Matchers.equalTo(800))
                    .body("labelers", org.hamcrest.Matchers.equalTo(164));
            as(modeler.token()).post("/api/campaigns/" + campaign + "/open").then().statusCode(200);
            double imported = (System.nanoTime() - started) / 1e9;

            // the replay: each labeler leases its tasks in the queue's order and gives its recorded label
            long replayStarted = System.nanoTime();
            List<Future<Integer>> runs = new ArrayList<>();
            labelsOfWorker.entrySet().stream()
                    .sorted(Comparator.comparingInt((Map.Entry<String, Map<String, Integer>> e) -> e.getValue().size()).reversed())
                    .forEach(e -> runs.add(pool.submit(() -> replay(labelerOf.get(e.getKey()), campaign, e.getValue(), itemOfPrompt))));
            int answered = 0;
            for (Future<Integer> run : runs) {
                answered += run.get();
            }
            assertEquals(8000, answered);
            double replayed = (System.nanoTime() - replayStarted) / 1e9;

            // the server's consensus, once quality has received every answer
            long consensusStarted = System.nanoTime();
            JsonPath report = null;
            for (int attempt = 0; attempt < 120; attempt++) {
                as(Fixtures.adminToken()).post("/api/admin/quality/recompute").then().statusCode(200);
                report = as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                        .extract().jsonPath();
                List<Integer> answers = report.getList("tasks.answers", Integer.class);
                if (answers.size() == 800 && answers.stream().mapToInt(Integer::intValue).sum() == 8000) {
                    break;
                }
                Thread.sleep(1000);
            }
            List<Map<String, Object>> tasks = report.getList("tasks");
            assertEquals(800, tasks.size());
            assertTrue(tasks.stream().allMatch(t -> ((Number) t.get("answers")).intValue() == 10), "ten answers per item");
            double consensusSeconds = (System.nanoTime() - consensusStarted) / 1e9;

            MajorityVote majority = MajorityVote.of(rte.labels());
            DawidSkene.Result dawidSkene = DawidSkene.fit(rte.labels(), 2, QualityRecompute.dawidSkeneOptions(config));
            Map<String, Integer> serverDawidSkene = new HashMap<>();
            double majorityErrors = 0;
            for (Map<String, Object> task : tasks) {
                String item = (String) task.get("item");
                @SuppressWarnings("unchecked")
                List<String> leaders = (List<String>) task.get("majority");
                List<String> offlineLeaders = majority.leaders(item).stream().map(LABELS::get).toList();
                assertEquals(offlineLeaders, leaders, "majority vote on item " + item);
                assertEquals(LABELS.get(dawidSkene.estimate(item).value()), task.get("answer"), "Dawid-Skene on item " + item);
                assertEquals(dawidSkene.estimate(item).confidence(), ((Number) task.get("confidence")).doubleValue(), 1e-4,
                        "Dawid-Skene posterior on item " + item);
                serverDawidSkene.put(item, LABELS.indexOf((String) task.get("answer")));
                String truth = LABELS.get(rte.gold().get(item));
                majorityErrors += leaders.contains(truth) ? 1.0 - 1.0 / leaders.size() : 1.0;
            }
            double majorityError = majorityErrors / 800;
            double dawidSkeneError = ErrorRate.of(serverDawidSkene, rte.gold());
            System.out.printf("RTE through the API: imported in %.1f s, 8000 answers replayed in %.1f s, consensus after"
                            + " %.1f s; majority vote error %.2f%%, Dawid-Skene error %.2f%%, alpha %.3f%n",
                    imported, replayed, consensusSeconds, 100 * majorityError, 100 * dawidSkeneError, report.getDouble("alpha"));
            assertEquals(82.5 / 800, majorityError, 1e-12, "majority vote, ties credited 1/2: 10.31%");
            // Zhang et al. (2016) publish 7.12% for majority-vote-initialised Dawid-Skene: 57 of 800 items
            assertTrue(dawidSkeneError <= 57.0 / 800, "Dawid-Skene error " + dawidSkeneError);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One labeler's replay; returns how many answers were accepted. */
    private static int replay(Fixtures.User labeler, long campaign, Map<String, Integer> labels,
                              Map<String, String> itemOfPrompt) throws Exception {
        LabelerClient client = new LabelerClient(labeler.token(), campaign);
        int answered = 0;
        int empty = 0;
        while (answered < labels.size()) {
            JsonNode task = client.next();
            if (task == null) {
                // a lease skips tasks another labeler's lease has locked at that instant: ask again
                assertTrue(++empty < 200, labeler.username() + " got no task after " + answered + " of " + labels.size());
                Thread.sleep(50);
                continue;
            }
            String item = itemOfPrompt.get(task.get("prompt").asText());
            Integer response = labels.get(item);
            assertTrue(response != null, labeler.username() + " was given item " + item + ", which is not assigned to them");
            client.answer(task.get("taskId").asLong(), Map.of("labels", List.of(LABELS.get(response))));
            answered++;
        }
        assertEquals(null, client.next(), "nothing is left for a labeler who answered every assigned item");
        return answered;
    }

    /** id → "Text: …\n\nHypothesis: …", from rte1_items.tsv (id, value, task, text, hypothesis). */
    private static Map<String, String> prompts() throws IOException {
        List<String> lines = Files.readAllLines(Snow2008.DIRECTORY.resolve("rte1_items.tsv"), StandardCharsets.UTF_8);
        Map<String, String> prompts = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] field = line.split("\t");
            prompts.put(field[0], "Text: " + field[3] + "\n\nHypothesis: " + field[4]);
        }
        return prompts;
    }
}
