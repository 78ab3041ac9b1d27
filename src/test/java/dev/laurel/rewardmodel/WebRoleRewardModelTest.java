package dev.laurel.rewardmodel;

import static dev.laurel.Fixtures.as;
import static dev.laurel.rewardmodel.RewardModelResourceTest.submit;
import static dev.laurel.rewardmodel.RewardModelResourceTest.trainingFile;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.laurel.Fixtures;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.task.PairUncertainty.ReplyPair;
import dev.laurel.model.WorkerCrashTest;
import dev.laurel.platform.Channels;
import dev.laurel.platform.ParkedEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A process with the web role only (like {@code model.WebRoleArtifactTest}, whose Quarkus it shares) loads no reward
 * model: an uploaded scorer is streamed to the store and waits in VALIDATING until a worker (played by the test)
 * loads it; the scoring streams (pre-scoring of new replies, loading a new version) are not consumed here — their
 * events wait in the broker's queues for a worker; pair selection reads the scores a worker stored.
 */
@QuarkusTest
@TestProfile(WorkerCrashTest.WebOnly.class)
class WebRoleRewardModelTest {
    private static final String SIZES = "?maxBytes=128&embeddingSize=8&channels=16&hiddenSize=16";
    private static final TextScorer.Architecture ARCHITECTURE = new TextScorer.Architecture(128, 8, 16, 16);

    @Inject
    ScorerValidation validation;
    @Inject
    ScoringRole scoring;
    @Inject
    ScoreRequests scoreRequests;
    @Inject
    TrainingJobs jobs;
    @Inject
    RewardModelUncertainty view;
    @Inject
    Candidates candidates;
    @ConfigProperty(name = "laurel.rewardmodel.store")
    String store;
    @ConfigProperty(name = "rabbitmq-virtual-host")
    String vhost;

    @Test
    void aWebProcessStoresAnUploadedScorerButNeverLoadsIt() throws Exception {
        Fixtures.User modeler = Fixtures.modeler();
        byte[] parameters = ScorerFineTuneTest.freshScorer(ARCHITECTURE);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(parameters));
        long opensBefore = TextScorer.opensInThisProcess();

        long upload = as(modeler.token()).contentType(ContentType.BINARY).body(parameters)
                .post("/api/reward-models/scorers" + SIZES).then().statusCode(202)
                .body("status", equalTo("VALIDATING")).body("artifact", nullValue()).extract().jsonPath().getLong("id");
        Thread.sleep(1_500); // several validation polls (every 200 ms in this profile)
        as(modeler.token()).get("/api/reward-models/scorers/" + upload).then().statusCode(200)
                .body("status", equalTo("VALIDATING")).body("artifact", nullValue());
        assertEquals(opensBefore, TextScorer.opensInThisProcess(), "a web-role process loads no scorer");
        assertTrue(Files.isRegularFile(received(sha)), "the parameters wait in the store");
        IllegalStateException refused = assertThrows(IllegalStateException.class, validation::validateWaiting);
        assertTrue(refused.getMessage().contains("Only a worker-role process"), refused.getMessage());

        // a worker elsewhere (this test) takes it: READY, the scorer stored, the received file gone
        assertTrue(validation.validateNow(upload));
        String artifact = as(modeler.token()).get("/api/reward-models/scorers/" + upload).then()
                .body("status", equalTo("READY")).body("reason", nullValue()).extract().path("artifact");
        assertNotNull(artifact);
        assertEquals("uploaded", jobs.store().readModel(artifact).manifest().get("origin"));
        assertFalse(Files.exists(received(sha)));

        // parameters that do not load: REJECTED with the reason, shown by the API
        long junk = as(modeler.token()).contentType(ContentType.BINARY).body("not parameters".getBytes(StandardCharsets.UTF_8))
                .post("/api/reward-models/scorers" + SIZES).then().statusCode(202).extract().jsonPath().getLong("id");
        assertTrue(validation.validateNow(junk));
        as(modeler.token()).get("/api/reward-models/scorers/" + junk).then().body("status", equalTo("REJECTED"))
                .body("artifact", nullValue()).body("reason", containsString("do not fit a laurel-text-scorer/1 scorer"));
    }

    @Test
    void aScoringRequestWaitsForAWorkerAndTheWebProcessLoadsNoModel() {
        Fixtures.User modeler = Fixtures.modeler();
        long upload = as(modeler.token()).contentType(ContentType.BINARY).body(ScorerFineTuneTest.freshScorer(ARCHITECTURE))
                .post("/api/reward-models/scorers" + SIZES).then().statusCode(202).extract().jsonPath().getLong("id");
        assertTrue(validation.validateNow(upload)); // the test plays the worker that validates it
        String artifact = as(modeler.token()).get("/api/reward-models/scorers/" + upload).then().statusCode(200)
                .extract().path("artifact");
        long model = jobs.succeed(submit(modeler, trainingFile(6), "?epochs=2"), artifact, null).id;
        long opensBefore = TextScorer.opensInThisProcess();

        // no worker here: after its bounded wait the call answers 202 with the request to poll
        var accepted = as(modeler.token()).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("prompt", "How?", "reply", "Step by step."),
                        Map.of("prompt", "How?", "reply", "No."))))
                .post("/api/reward-models/" + model + "/score").then().statusCode(202)
                .body("status", equalTo("WAITING")).body("rewards", nullValue()).body("modelId", equalTo((int) model))
                .extract();
        long request = accepted.jsonPath().getLong("requestId");
        assertTrue(accepted.header("Location").endsWith("/api/reward-models/" + model + "/scores/" + request),
                accepted.header("Location"));
        as(modeler.token()).get("/api/reward-models/" + model + "/scores/" + request).then().statusCode(200)
                .body("status", equalTo("WAITING"));
        assertEquals(opensBefore, TextScorer.opensInThisProcess(), "a web-role process loads no reward model");
        // another team sees neither the model nor its requests
        as(Fixtures.modeler().token()).get("/api/reward-models/" + model + "/scores/" + request).then().statusCode(404);

        // a worker elsewhere (this test) scores it: the poll gives the rewards
        assertTrue(scoreRequests.scoreNow(request));
        List<Float> rewards = as(modeler.token()).get("/api/reward-models/" + model + "/scores/" + request).then()
                .statusCode(200).body("status", equalTo("DONE")).body("reason", nullValue())
                .extract().jsonPath().getList("rewards", Float.class);
        assertEquals(2, rewards.size(), rewards.toString());
        assertTrue(rewards.stream().allMatch(r -> Float.isFinite(r)), rewards.toString());
        assertFalse(scoreRequests.scoreNow(request), "a finished request is not scored again");
    }

    @Test
    void aTooLargeScorerIsRefusedWhileStreamingAndLeavesNothing() throws IOException {
        Fixtures.User modeler = Fixtures.modeler();
        List<Path> before = receivedFiles();
        byte[] big = new byte[(int) WorkerCrashTest.WebOnly.MAX_ARTIFACT_BYTES + 1];
        // declared too large: refused before any of it is read
        as(modeler.token()).contentType(ContentType.BINARY).body(big).post("/api/reward-models/scorers" + SIZES)
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("larger than the limit of " + WorkerCrashTest.WebOnly.MAX_ARTIFACT_BYTES));
        // of unknown length (chunked): counted while streaming, refused once past the limit
        var chunked = Fixtures.sendChunked(modeler.token(), "POST", "/api/reward-models/scorers" + SIZES,
                "application/octet-stream", big);
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertEquals("application/problem+json", chunked.headers().firstValue("Content-Type").orElse(""));
        assertTrue(chunked.body().contains("parameter file is larger than the limit of " + WorkerCrashTest.WebOnly.MAX_ARTIFACT_BYTES),
                chunked.body());
        as(modeler.token()).get("/api/reward-models/scorers").then().statusCode(200).body("size()", equalTo(0));
        assertEquals(before, receivedFiles(), "nothing of the refused uploads is kept");
    }

    @Test
    void theScoringStreamsWaitForAWorker() throws Exception {
        assertTrue(scoring.isPaused(Channels.GENERATION_REWARDS), "pre-scoring is not consumed by a web process");
        assertTrue(scoring.isPaused(Channels.REWARD_MODELS_SCORING), "nor the loading of new versions");
        assertFalse(scoring.mayScore());

        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        try (Connection connection = factory.newConnection()) {
            Channel channel = connection.createChannel();
            // the queues workers consume, so the events wait in them (declared as application.properties declares them)
            declare(channel, "laurel.generation.completed", "laurel.generation.rewards");
            declare(channel, "laurel.rewardmodels", "laurel.rewardmodels.scoring");

            // an active reward model whose artifact is nowhere: a process that tried to score with it would fail and park
            Fixtures.User modeler = Fixtures.modeler();
            long job = submit(modeler, trainingFile(3), "?epochs=2"); // queued: no worker here
            long model = jobs.succeed(job, "f".repeat(64), null).id;
            as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200);
            long campaign = Fixtures.draftCampaign(modeler, 1, null);
            Fixtures.uploadPrompts(modeler, campaign, 2);
            long candidate = Fixtures.candidateWithOutputs(modeler, campaign, 2, "terse"); // generation.completed

            GetResponse completed = awaitMessage(channel, "laurel.generation.rewards",
                    body -> body.contains("\"campaignId\":" + campaign + ",") && body.contains("\"candidateId\":" + candidate + ","));
            GetResponse ready = awaitMessage(channel, "laurel.rewardmodels.scoring", body -> body.contains("\"modelId\":" + model + ","));
            assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() ->
                    GenerationReward.count("candidateId", candidate)), "nothing was scored here");
            assertEquals(0L, (long) QuarkusTransaction.requiringNew().call(() -> ParkedEvent.count(
                    "consumer = ?1 and payload like ?2", "generation-prescoring", "%\"campaignId\":" + campaign + ",%")),
                    "nor tried and parked");
            // these two were for this test's eyes only: no later worker should try the missing artifact
            channel.basicAck(completed.getEnvelope().getDeliveryTag(), false);
            channel.basicAck(ready.getEnvelope().getDeliveryTag(), false);
            retire(model);
        }
    }

    @Test
    void pairSelectionInAWebProcessReadsTheStoredPreScoresAndLoadsNoModel() {
        Fixtures.User modeler = Fixtures.modeler();
        long job = submit(modeler, trainingFile(4), "?epochs=2"); // queued: no worker here
        // its artifact is nowhere: loading it would throw, so a view proves nothing was loaded
        long model = jobs.succeed(job, "e".repeat(64), null).id;
        as(modeler.token()).post("/api/reward-models/" + model + "/activate").then().statusCode(200);
        long campaign = Fixtures.draftCampaign(modeler, 1, null);
        Fixtures.uploadPrompts(modeler, campaign, 1);
        long terse = Fixtures.candidateWithOutputs(modeler, campaign, 1, "terse");
        long verbose = Fixtures.candidateWithOutputs(modeler, campaign, 1, "verbose");
        long unscored = Fixtures.candidateWithOutputs(modeler, campaign, 1, "unscored");
        Campaign entity = QuarkusTransaction.requiringNew().call(() -> Campaign.findById(campaign));
        long prompt = QuarkusTransaction.requiringNew().call(() -> Prompt.<Prompt>find("campaignId", campaign).firstResult().id);
        Map<Long, Candidates.Reply> replies = new java.util.HashMap<>();
        QuarkusTransaction.requiringNew().call(() -> candidates.replies(prompt)).forEach(r -> replies.put(r.candidateId(), r));
        List<ReplyPair> pairs = List.of(new ReplyPair(replies.get(terse), replies.get(verbose)),
                new ReplyPair(replies.get(terse), replies.get(unscored)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> view.of(entity, prompt, pairs)).isEmpty(),
                "nothing pre-scored yet: no view");

        // what a worker's pre-scoring stored
        QuarkusTransaction.requiringNew().run(() -> {
            store(model, replies.get(terse).generationId(), 2.0);
            store(model, replies.get(verbose).generationId(), -1.0);
        });
        double[] uncertainty = QuarkusTransaction.requiringNew().call(() -> view.of(entity, prompt, pairs)).orElseThrow();
        double p = 1 / (1 + Math.exp(-3.0));
        assertEquals(1 - 2 * Math.abs(p - 0.5), uncertainty[0], 1e-6);
        assertEquals(1.0, uncertainty[1], 1e-9, "a pair with an unscored reply: as if the model could not call it");
        retire(model);
    }

    /** A later worker (another test class on this database) must not try to score with the missing artifact. */
    private static void retire(long model) {
        QuarkusTransaction.requiringNew().run(() -> RewardModel.update("active = false where id = ?1", model));
    }

    private static void store(long model, long generation, double reward) {
        GenerationReward row = new GenerationReward();
        row.modelId = model;
        row.generationId = generation;
        row.reward = reward;
        row.scoredAt = java.time.Instant.now();
        row.persist();
    }

    private static void declare(Channel channel, String exchange, String queue) throws IOException {
        channel.exchangeDeclare(exchange, "topic", true);
        channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum", "x-delivery-limit", 20,
                "x-dead-letter-exchange", "DLX", "x-dead-letter-routing-key", queue));
        channel.queueBind(queue, exchange, "#");
    }

    /**
     * Takes messages off the queue (unacknowledged: closing the channel puts the others back) until one matches;
     * returns it, still unacknowledged.
     */
    private static GetResponse awaitMessage(Channel channel, String queue, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(queue, false);
            if (response == null) {
                Thread.sleep(100);
                continue;
            }
            String body = new String(response.getBody(), StandardCharsets.UTF_8);
            if (wanted.test(body)) {
                return response;
            }
            seen.add(body);
        }
        throw new AssertionError("no matching message in " + queue + "; saw " + seen.size() + ": " + seen);
    }

    private Path received(String sha) {
        return Path.of(store, ScorerUploads.DIRECTORY, sha + ".params");
    }

    private List<Path> receivedFiles() throws IOException {
        Path uploads = Path.of(store, ScorerUploads.DIRECTORY);
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.sorted().toList();
        }
    }
}
