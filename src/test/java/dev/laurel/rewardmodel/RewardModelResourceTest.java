package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.laurel.Fixtures;
import dev.laurel.account.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RewardModelResourceTest {
    private static final String[] TOPICS = {"bake bread", "change a tyre", "learn French", "plant tomatoes", "fix a leaking tap",
        "write a cover letter", "start running", "save money", "clean a laptop keyboard", "brew green tea", "train a puppy",
        "paint a room", "back up my photos", "sleep better", "prepare for an interview", "repot a plant"};

    @Inject
    TrainingJobs jobs;

    /** Helpful, specific replies are chosen over curt refusals. */
    static String trainingFile(int variant) {
        List<String> lines = new ArrayList<>();
        for (String topic : TOPICS) {
            String prompt = "How do I " + topic + "?";
            lines.add(json(prompt, "Here is a simple way to " + topic + ": first gather what you need, then go step by step, "
                    + "and check the result at the end. Variant " + variant + ".", "No idea. Search it yourself.", 1.0));
            lines.add(json(prompt, "Good question! To " + topic + ", start small, follow a clear plan and ask for help if stuck.",
                    "Why would you even want that? Not my problem.", null));
        }
        return String.join("\n", lines);
    }

    private static String json(String prompt, String chosen, String rejected, Double margin) {
        return "{\"prompt\": \"" + prompt + "\", \"chosen\": \"" + chosen + "\", \"rejected\": \"" + rejected + "\""
                + (margin == null ? "" : ", \"margin\": " + margin) + "}";
    }

    static long submit(Fixtures.User modeler, String file, String query) {
        return as(modeler.token()).contentType("application/jsonl").body(file)
                .post("/api/reward-models/jobs" + query)
                .then().statusCode(202).body("status", equalTo("QUEUED"))
                .extract().jsonPath().getLong("id");
    }

    static JsonPath awaitFinished(Fixtures.User modeler, long job) {
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String status = as(modeler.token()).get("/api/reward-models/jobs/" + job).then().extract().path("status");
            return "SUCCEEDED".equals(status) || "FAILED".equals(status);
        });
        return as(modeler.token()).get("/api/reward-models/jobs/" + job).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void trainsAVersionedModelThatCanBeActivatedAndScores() {
        Fixtures.User modeler = Fixtures.modeler();
        long job = submit(modeler, trainingFile(1), "?epochs=40&seed=3");
        JsonPath done = awaitFinished(modeler, job);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        List<Map<String, Object>> epochs = done.getList("epochs");
        assertTrue(!epochs.isEmpty());
        assertEquals(1, epochs.get(0).get("epoch"));
        assertTrue(epochs.stream().allMatch(e -> e.get("trainLoss") != null && e.get("validationAccuracy") != null
                && e.get("validationMargin") != null));
        long model = done.getLong("modelId");

        as(modeler.token()).get("/api/reward-models/" + model).then().statusCode(200)
                .body("version", equalTo(1)).body("active", equalTo(false)).body("artifact", org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}"));
        as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200).body("active", equalTo(true));

        // a prompt it never saw: the helpful reply gets the higher reward
        List<Float> rewards = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(
                        Map.of("prompt", "How do I tune a guitar?", "reply", "Here is a simple way: tune the low E string first, then each next string against it, step by step."),
                        Map.of("prompt", "How do I tune a guitar?", "reply", "No idea. Not my problem."))))
                .post("/api/reward-models/" + model + "/score")
                .then().statusCode(200).body("modelId", equalTo((int) model)).body("status", equalTo("DONE"))
                .extract().jsonPath().getList("rewards", Float.class);
        assertEquals(2, rewards.size());
        assertTrue(rewards.get(0) > rewards.get(1), rewards.toString());
        // this process is the worker too (the embedded default): it scored the request while the call waited; the
        // request stays readable for a while
        long request = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("prompt", "How do I tune a guitar?", "reply", "No idea. Not my problem."))))
                .post("/api/reward-models/" + model + "/score").then().statusCode(200).extract().jsonPath().getLong("requestId");
        List<Float> again = as(modeler.token()).get("/api/reward-models/" + model + "/scores/" + request).then().statusCode(200)
                .body("status", equalTo("DONE")).extract().jsonPath().getList("rewards", Float.class);
        assertEquals(1, again.size());
        assertEquals(rewards.get(1), again.get(0), 1e-4f);
    }

    @Test
    void endToEndModeFineTunesTheEncoderAndScoresWithIt() {
        Fixtures.User modeler = Fixtures.modeler();
        long job = submit(modeler, trainingFile(4), "?mode=end-to-end&epochs=2&batchSize=8&seed=5");
        JsonPath done = awaitFinished(modeler, job);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals("END_TO_END", done.getString("settings.mode"));
        assertEquals(2, done.getList("epochs").size());
        // the training page says which mode the job ran in
        as(modeler.token()).get("/reward-models/jobs/" + job).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("end to end: encoder and head"));
        long model = done.getLong("modelId");
        List<Float> rewards = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(
                        Map.of("prompt", "How do I tune a guitar?", "reply", "Here is a simple way: tune the low E string first, then each next string against it, step by step."),
                        Map.of("prompt", "How do I tune a guitar?", "reply", "No idea. Not my problem."))))
                .post("/api/reward-models/" + model + "/score")
                .then().statusCode(200).body("status", equalTo("DONE"))
                .extract().jsonPath().getList("rewards", Float.class);
        assertTrue(rewards.get(0) > rewards.get(1), rewards.toString());
        // a job without a mode is the frozen head, as before
        assertEquals("FROZEN_ENCODER", as(modeler.token()).get("/api/reward-models/jobs/" + submit(modeler, trainingFile(5), "?epochs=2"))
                .then().statusCode(200).extract().path("settings.mode"));
    }

    @Test
    void anUnknownModeIsRefusedWithTheChoices() {
        Fixtures.User modeler = Fixtures.modeler();
        as(modeler.token()).contentType("application/jsonl").body(trainingFile(6)).post("/api/reward-models/jobs?mode=deep")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("'end-to-end'"));
    }

    @Test
    void twoJobsAtOnceQueueAndBothFinish() {
        Fixtures.User modeler = Fixtures.modeler();
        long first = submit(modeler, trainingFile(2), "?epochs=5");
        long second = submit(modeler, trainingFile(3), "?epochs=5");
        // never two running at once: one worker thread
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<String> statuses = as(modeler.token()).get("/api/reward-models/jobs").then().extract().jsonPath().getList("status");
            assertTrue(statuses.stream().filter("RUNNING"::equals).count() <= 1, statuses.toString());
            return statuses.stream().allMatch(s -> s.equals("SUCCEEDED") || s.equals("FAILED"));
        });
        assertEquals("SUCCEEDED", awaitFinished(modeler, first).getString("status"));
        assertEquals("SUCCEEDED", awaitFinished(modeler, second).getString("status"));
        List<Integer> versions = as(modeler.token()).get("/api/reward-models").then().statusCode(200)
                .extract().jsonPath().getList("version", Integer.class);
        assertEquals(List.of(1, 2), versions);
    }

    @Test
    void aJobWhoseWorkerStoppedIsQueuedAgainAndFinishes() {
        Fixtures.User modeler = Fixtures.modeler();
        List<PreferencePair> pairs = jobs.parsePairs(trainingFile(4), dev.laurel.platform.Upload.Format.JSONL);
        // as a worker killed mid-job leaves it: running, claimed by a dead worker, silent for longer than the lease
        long job = QuarkusTransaction.requiringNew().call(() -> {
            TrainingJob created = jobs.submit(User.findByUsername(modeler.username()), pairs,
                    RewardHeadTrainer.Settings.defaults().withMaxEpochs(3));
            created.status = TrainingJob.Status.RUNNING;
            created.worker = "worker-killed";
            created.attempts = 1;
            created.startedAt = Instant.now().minusSeconds(3600);
            created.heartbeatAt = Instant.now().minusSeconds(3600);
            return created.id;
        });
        JsonPath done = awaitFinished(modeler, job);
        assertEquals("SUCCEEDED", done.getString("status"), done.prettify());
        assertEquals(2, done.getInt("attempts"));
        assertEquals(List.of(1, 2, 3), done.getList("epochs.epoch", Integer.class));
    }

    @Test
    void aBadFileIsRejectedWholeWithEveryProblem() {
        Fixtures.User modeler = Fixtures.modeler();
        String file = String.join("\n",
                json("Q1?", "good", "bad", null),
                "{\"prompt\": \"Q2?\", \"rejected\": \"bad\"}",
                json("Q3?", "same", "same", null),
                json("Q4?", "good", "bad", -1.0),
                "not json");
        as(modeler.token()).contentType("application/jsonl").body(file).post("/api/reward-models/jobs")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("nothing was saved"))
                .body("errors", hasItem("Line 2: field 'chosen' is missing."))
                .body("errors", hasItem(containsString("Line 3: 'chosen' and 'rejected' are the same text")))
                .body("errors", hasItem(containsString("Line 4: 'margin' must be a number ≥ 0")))
                .body("errors", hasItem(containsString("Line 5: not valid JSON")));
        as(modeler.token()).get("/api/reward-models/jobs").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        Fixtures.User modeler = Fixtures.modeler();
        as(modeler.token()).contentType("application/jsonl").body(trainingFile(5)).post("/api/reward-models/jobs?epochs=0")
                .then().statusCode(400).body("detail", equalTo("'epochs' must be between 1 and 1000."));
    }

    @Test
    void onlyModelTeamsTrainAndSeeTheirOwnModels() {
        Fixtures.User labeler = Fixtures.labeler();
        as(labeler.token()).contentType("application/jsonl").body(trainingFile(6)).post("/api/reward-models/jobs")
                .then().statusCode(403);
        as(labeler.token()).get("/api/reward-models").then().statusCode(403);
        Fixtures.User owner = Fixtures.modeler();
        long job = submit(owner, trainingFile(7), "?epochs=2");
        Fixtures.User otherTeam = Fixtures.modeler();
        as(otherTeam.token()).get("/api/reward-models/jobs/" + job).then().statusCode(404)
                .contentType("application/problem+json");
        long model = awaitFinished(owner, job).getLong("modelId");
        as(otherTeam.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(404);
        as(otherTeam.token()).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("prompt", "p", "reply", "r"))))
                .post("/api/reward-models/" + model + "/score").then().statusCode(404);
    }

    @Test
    void scoringChecksItsBatch() {
        Fixtures.User modeler = Fixtures.modeler();
        long model = awaitFinished(modeler, submit(modeler, trainingFile(8), "?epochs=2")).getLong("modelId");
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("items", List.of()))
                .post("/api/reward-models/" + model + "/score").then().statusCode(400);
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("prompt", "p"))))
                .post("/api/reward-models/" + model + "/score").then().statusCode(400)
                .body("errors[0]", equalTo("Item 0: 'prompt' and 'reply' are both required."));
        List<Map<String, String>> tooMany = java.util.stream.IntStream.range(0, 257)
                .mapToObj(i -> Map.of("prompt", "p", "reply", "r" + i)).collect(Collectors.toList());
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("items", tooMany))
                .post("/api/reward-models/" + model + "/score").then().statusCode(400);
        as(modeler.token()).get("/api/reward-models/" + model + "/scores/987654321").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aModelThatCannotScoreAnswersWithTheReasonNotA500() {
        Fixtures.User modeler = Fixtures.modeler();
        long job = submit(modeler, trainingFile(9), "?epochs=2");
        awaitFinished(modeler, job);
        // a model whose artifact is gone from the store (a volume lost, a bad restore)
        long model = QuarkusTransaction.requiringNew().call(() -> {
            RewardModel m = RewardModel.findById(awaitFinished(modeler, job).getLong("modelId"));
            m.artifact = "0".repeat(64);
            return m.id;
        });
        as(modeler.token()).contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("prompt", "p", "reply", "r"))))
                .post("/api/reward-models/" + model + "/score").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("Reward model " + model + " could not score these items"));
    }
}
