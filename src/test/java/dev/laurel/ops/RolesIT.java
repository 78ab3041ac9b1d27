package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.laurel.model.CharLstmTraining;
import dev.laurel.model.TinyModels;
import dev.laurel.payout.Anvil;
import dev.laurel.payout.ChainClient;
import dev.laurel.payout.RewardContract;
import dev.laurel.payout.RewardContracts;
import dev.laurel.rewardmodel.TinyScorers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The packaged jar in its production split: three processes from {@code target/quarkus-app/quarkus-run.jar} on
 * one scratch database and vhost — {@code web} (pages, REST), {@code worker} (generation, reward-model training,
 * DJL) and {@code chain} (epoch publishing, on a test anvil). Web and worker share the model stores, as pods share
 * a volume. Proves: each becomes ready (web is also live and serves pages; the worker without the web's secrets);
 * a model or scorer uploaded to web is validated by the worker (READY, or REJECTED with the reason), web never loading
 * native model code; the worker pre-scores replies with the team's active reward model (web takes no scoring stream) and scores the batches
 * sent to web's {@code POST /api/reward-models/{id}/score}; the worker generates with DJL and trains a reward model; a labeler answers through web and
 * gets points; the chain process publishes the epoch that pays them; no log says DJL could not start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolesIT {
    private static final List<String> QUESTIONS = List.of("What do cats say?", "What color is the sky?", "Is water wet?");
    /** Epochs are opened, computed and published by the chain process on this cadence. */
    private static final String EPOCH_PERIOD = "PT15S";
    private static final BigInteger EPOCH_BUDGET = new BigInteger("1000000000000000000000"); // 1000 tokens
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Instant begin;
    private static ScratchDatabase database;
    private static ScratchVhost vhost;
    private static Anvil anvil;
    private static ChainClient chainClient;
    private static LaurelProcess web;
    private static LaurelProcess worker;
    private static LaurelProcess chain;
    private static LaurelApi api;
    private static String admin;
    private static LaurelApi.User modeler;
    private static LaurelApi.User labeler;
    private static long campaign;
    private static long rewardModel;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void threeProcessesInTheirRoles() throws Exception {
        begin = Instant.now();
        database = ScratchDatabase.create("roles");
        vhost = ScratchVhost.create("roles");
        RewardContract.ensureInstalled();
        anvil = Anvil.start(Anvil.shippedBinary(RewardContract.DIR));
        Runtime.getRuntime().addShutdownHook(new Thread(anvil::close, "roles-it-anvil"));
        ChainClient deployer = ChainClient.connect(anvil.url(), Anvil.WELL_KNOWN_TEST_KEY_0, Anvil.CHAIN_ID, null, null,
                new ChainClient.Settings(1, Duration.ofSeconds(30), Duration.ofMillis(20), 3));
        RewardContracts.Deployed contracts = RewardContracts.deploy(deployer);
        chainClient = deployer.at(contracts.token(), contracts.distributor());
        RewardContracts.mint(chainClient, contracts.distributor(), EPOCH_BUDGET.multiply(BigInteger.TEN));

        // one cluster: shared keys, and the model stores on a volume web and worker pods share
        Path processes = Path.of(System.getProperty("laurel.processes.dir", "target/laurel-processes")).toAbsolutePath();
        Path shared = processes.resolve("roles-shared-store");
        deleteRecursively(shared);
        String pseudonymSecret = LaurelProcess.randomKey(32);
        String modelKey = LaurelProcess.randomKey(32);
        web = cluster("roles-web", "web", pseudonymSecret, modelKey, shared).start(); // migrates, makes the admin
        timings.add("web ready " + secondsSince(begin) + " s");
        // a worker runs uploaded model code: like its pod (Secret laurel-worker-secrets), it is not given the
        // pseudonym key, and starts without it
        CompletableFuture<LaurelProcess> startingWorker = CompletableFuture.supplyAsync(() ->
                cluster("roles-worker", "worker", pseudonymSecret, modelKey, shared)
                        .without("LAUREL_PSEUDONYM_SECRET").start());
        CompletableFuture<LaurelProcess> startingChain = CompletableFuture.supplyAsync(() ->
                cluster("roles-chain", "chain", pseudonymSecret, modelKey, shared)
                        .env("LAUREL_CHAIN_RPC_URL", anvil.url())
                        .env("LAUREL_CHAIN_ID", String.valueOf(Anvil.CHAIN_ID))
                        .env("LAUREL_CHAIN_SIGNER_KEY", Anvil.WELL_KNOWN_TEST_KEY_0)
                        .env("LAUREL_CHAIN_TOKEN", contracts.token())
                        .env("LAUREL_CHAIN_DISTRIBUTOR", contracts.distributor())
                        .env("LAUREL_CHAIN_CONFIRMATIONS", "1")
                        .env("LAUREL_PAYOUT_CADENCE_CHECK", "1s")
                        .start());
        worker = startingWorker.get(120, TimeUnit.SECONDS);
        chain = startingChain.get(120, TimeUnit.SECONDS);
        timings.add("worker and chain ready " + secondsSince(begin) + " s");

        api = new LaurelApi(web);
        admin = api.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
        modeler = api.user(admin, "modeler", LaurelApi.unique("team"));
        labeler = api.user(admin, "labeler", null);
    }

    private static LaurelProcess.Builder cluster(String name, String roles, String pseudonymSecret,
                                                 String modelKey, Path sharedStore) {
        return LaurelProcess.named(name).database(database).vhost(vhost).roles(roles)
                .pseudonymSecret(pseudonymSecret).modelSecretKey(modelKey)
                // probation holds a new labeler's points until enough check answers (ProbationTest); off here, where the
                // epoch must pay the one labeler who answered
                .env("LAUREL_PROBATION_MIN_GOLD", "0")
                .env("LAUREL_MODEL_STORE", sharedStore.resolve("models").toString())
                .env("LAUREL_REWARD_MODEL_STORE", sharedStore.resolve("reward-models").toString());
    }

    @AfterAll
    static void stopEverything() {
        for (LaurelProcess process : new LaurelProcess[] {web, worker, chain}) {
            if (process != null) {
                quietly(() -> System.out.printf("RolesIT: %s logged %d ERROR lines (%s)%n", process.name(),
                        process.logLines("ERROR").size(), process.logFile()));
                quietly(process::stop);
            }
        }
        if (chainClient != null) {
            quietly(chainClient::shutdown);
        }
        if (anvil != null) {
            quietly(anvil::close);
        }
        if (vhost != null) {
            quietly(vhost::delete);
        }
        if (begin != null) {
            System.out.printf("RolesIT: %s; %d s in all%n", String.join(", ", timings), secondsSince(begin));
        }
    }

    @Test
    @Order(1)
    void eachProcessIsReadyForItsOwnRoles() {
        LaurelApi.Reply ready = health(web, "ready").expect(200);
        health(web, "live").expect(200);
        assertFalse(ready.body().contains("generation worker") || ready.body().contains("reward-model trainer"),
                "a web process reports no worker checks: " + ready.body());
        assertFalse(ready.body().contains("generation-work"), "nor the worker's paused channel: " + ready.body());
        LaurelApi.Reply login = api.get(null, "/login").expect(200);
        assertTrue(login.body().contains("<form"), "web serves its pages");

        JsonNode workerReady = health(worker, "ready").expect(200).json();
        health(worker, "live").expect(200);
        assertEquals("UP", check(workerReady, "generation worker").path("status").asText(), workerReady.toString());
        JsonNode trainer = check(workerReady, "reward-model trainer");
        assertEquals("UP", trainer.path("status").asText(), workerReady.toString());
        assertTrue(trainer.path("data").path("engines").asText().startsWith("PyTorch"), trainer.toString());

        health(chain, "ready").expect(200);
        health(chain, "live").expect(200);
        assertTrue(worker.logLines("Generation worker: taking batches").size() == 1);
        assertTrue(web.logLines("Generation worker: taking batches").isEmpty(), "web takes no batches");
        assertTrue(chain.logLines("Generation worker: taking batches").isEmpty(), "chain takes no batches");
    }

    @Test
    @Order(1)
    void healthMetricsAndApiDocsAreOnlyOnTheManagementPort() {
        // the public port (what the ingress routes to) serves none of /q/*; the management port serves them all
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            assertEquals(404, api.get(null, path).status(), "the public port must not serve " + path);
        }
        LaurelApi management = new LaurelApi(web.managementUrl());
        assertTrue(management.get(null, "/q/metrics").expect(200).body().contains("jvm_memory_used_bytes"), "metrics on the management port");
        assertTrue(management.get(null, "/q/openapi").expect(200).body().contains("Laurel API"), "OpenAPI on the management port");
        management.get(null, "/q/swagger-ui/").expect(200);
    }

    @Test
    @Order(2)
    void theChainProcessRunsTheEpochCadence() {
        // set first, so that the epoch open over the labeler's answer exists when they answer
        api.put(admin, "/api/payout/cadence", Map.of("enabled", true, "period", EPOCH_PERIOD,
                "budget", EPOCH_BUDGET.toString(), "claimPeriod", "P1D")).expect(200);
        await("the chain process opens a scheduled epoch", () -> api.get(admin, "/api/payout/epochs").expect(200).json()
                .findValues("scheduled").stream().anyMatch(JsonNode::asBoolean));
    }

    @Test
    @Order(3)
    void anUploadedModelIsValidatedAndTheWorkerGeneratesWithDjl() {
        Instant start = Instant.now();
        byte[] zip = CharLstmTraining.train(TinyModels.corpus(), "Q: {prompt}\nA:", null,
                new CharLstmTraining.Settings(32, 1, 32, 16, 30, 0.01f, 7)).zip();
        campaign = api.post(modeler.token(), "/api/campaigns", Map.of("name", LaurelApi.unique("roles"), "overlap", 1))
                .expect(201).json().path("id").asLong();
        api.put(modeler.token(), "/api/campaigns/" + campaign + "/quality/settings", Map.of("goldRate", 0, "honeypotRate", 0))
                .expect(200);
        api.upload(modeler.token(), "/api/campaigns/" + campaign + "/prompts", "application/jsonl",
                IntStream.range(0, QUESTIONS.size()).mapToObj(i -> "{\"id\": \"q" + i + "\", \"prompt\": \"" + QUESTIONS.get(i) + "\"}")
                        .collect(Collectors.joining("\n"))).expect(201);
        long human = api.post(modeler.token(), "/api/candidates", Map.of("name", LaurelApi.unique("human"), "kind", "UPLOADED_OUTPUTS"))
                .expect(201).json().path("id").asLong();
        api.upload(modeler.token(), "/api/candidates/" + human + "/campaigns/" + campaign + "/outputs", "application/jsonl",
                IntStream.range(0, QUESTIONS.size()).mapToObj(i -> "{\"prompt_id\": \"q" + i + "\", \"output\": \"I do not know.\"}")
                        .collect(Collectors.joining("\n"))).expect(201);
        long model = api.post(modeler.token(), "/api/candidates", Map.of("name", LaurelApi.unique("tiny-lstm"),
                "kind", "DJL_ARTIFACT", "temperature", 0, "seed", 1, "maxTokens", 20)).expect(201).json().path("id").asLong();

        // uploads go to web, which only stores them; the worker loads each and marks it
        JsonNode rejected = putZip("/api/candidates/" + model + "/artifact", "PK not a zip".getBytes(StandardCharsets.UTF_8))
                .expect(202).json();
        assertEquals("VALIDATING", rejected.path("artifactStatus").asText(), rejected.toString());
        JsonNode refused = awaitArtifact(model, "REJECTED");
        assertTrue(refused.path("artifactReason").asText().contains("zip"), refused.toString());
        JsonNode accepted = putZip("/api/candidates/" + model + "/artifact", zip).expect(202).json();
        assertEquals("VALIDATING", accepted.path("artifactStatus").asText(), accepted.toString());
        String sha = accepted.path("artifactUpload").asText();
        JsonNode ready = awaitArtifact(model, "READY");
        assertEquals(sha, ready.path("artifact").asText(), ready.toString());
        assertEquals("text-generation", ready.path("modelTask").asText(), ready.toString());
        assertFalse(worker.logLines("Validating model artifact " + sha).isEmpty(), "the worker validated it");
        assertEquals(List.of(), web.logLines("Validating model artifact"), "web validates nothing");
        assertEquals(List.of(), nativeModelLibraries(web), "web loads no native model code");
        assertFalse(nativeModelLibraries(worker).isEmpty(), "the worker did (so the check can see it)");

        api.post(modeler.token(), "/api/candidates/" + model + "/campaigns/" + campaign, null).expect(204);
        api.post(modeler.token(), "/api/campaigns/" + campaign + "/open", null).expect(200);
        await("the worker generates every reply and web makes the tasks", () ->
                api.get(modeler.token(), "/api/campaigns/" + campaign + "/progress").expect(200).json()
                        .path("tasksTotal").asInt() == QUESTIONS.size());
        JsonNode job = api.get(modeler.token(), "/api/campaigns/" + campaign + "/generation").expect(200).json().get(0);
        assertEquals(QUESTIONS.size(), job.path("generated").asInt(), job.toString());
        assertEquals(0, job.path("failed").asInt(), job.toString());
        timings.add("model trained, validated, replies generated in " + secondsSince(start) + " s");
    }

    /**
     * The test decoder whose manifest declares its KV cache (ONNX graph with past/present tensors, run on an ONNX
     * Runtime session Laurel opens itself): validated and run by the packaged jar's worker, not only the in-JVM app.
     */
    @Test
    @Order(3)
    void theWorkerGeneratesWithAKvCachedOnnxDecoder() {
        long cachedCampaign = api.post(modeler.token(), "/api/campaigns", Map.of("name", LaurelApi.unique("roles-kv"), "overlap", 1))
                .expect(201).json().path("id").asLong();
        api.put(modeler.token(), "/api/campaigns/" + cachedCampaign + "/quality/settings", Map.of("goldRate", 0, "honeypotRate", 0))
                .expect(200);
        api.upload(modeler.token(), "/api/campaigns/" + cachedCampaign + "/prompts", "application/jsonl",
                IntStream.range(0, QUESTIONS.size()).mapToObj(i -> "{\"id\": \"q" + i + "\", \"prompt\": \"" + QUESTIONS.get(i) + "\"}")
                        .collect(Collectors.joining("\n"))).expect(201);
        long human = api.post(modeler.token(), "/api/candidates", Map.of("name", LaurelApi.unique("human"), "kind", "UPLOADED_OUTPUTS"))
                .expect(201).json().path("id").asLong();
        api.upload(modeler.token(), "/api/candidates/" + human + "/campaigns/" + cachedCampaign + "/outputs", "application/jsonl",
                IntStream.range(0, QUESTIONS.size()).mapToObj(i -> "{\"prompt_id\": \"q" + i + "\", \"output\": \"No idea.\"}")
                        .collect(Collectors.joining("\n"))).expect(201);
        long gpt = api.post(modeler.token(), "/api/candidates", Map.of("name", LaurelApi.unique("tiny-gpt"),
                "kind", "DJL_ARTIFACT", "temperature", 0, "seed", 1, "maxTokens", 16)).expect(201).json().path("id").asLong();
        putZip("/api/candidates/" + gpt + "/artifact", TinyModels.tinyGptZip(true, Map.of())).expect(202);
        JsonNode ready = awaitArtifact(gpt, "READY");
        assertEquals("text-generation", ready.path("modelTask").asText(), ready.toString());

        api.post(modeler.token(), "/api/candidates/" + gpt + "/campaigns/" + cachedCampaign, null).expect(204);
        api.post(modeler.token(), "/api/campaigns/" + cachedCampaign + "/open", null).expect(200);
        await("the worker generates every reply with the cached decoder", () ->
                api.get(modeler.token(), "/api/campaigns/" + cachedCampaign + "/progress").expect(200).json()
                        .path("tasksTotal").asInt() == QUESTIONS.size());
        JsonNode job = api.get(modeler.token(), "/api/campaigns/" + cachedCampaign + "/generation").expect(200).json().get(0);
        assertEquals(QUESTIONS.size(), job.path("generated").asInt(), job.toString());
        assertEquals(0, job.path("failed").asInt(), job.toString());
    }

    @Test
    @Order(4)
    void aLabelerAnswersThroughWebAndGetsPoints() {
        ECKeyPair wallet = keyPair();
        String address = Keys.toChecksumAddress("0x" + Keys.getAddress(wallet));
        String message = api.post(labeler.token(), "/api/account/wallet/challenge", Map.of("address", address))
                .expect(200).json().path("message").asText();
        api.post(labeler.token(), "/api/account/wallet", Map.of("message", message, "signature", personalSign(message, wallet)))
                .expect(200);

        String tasks = "/api/campaigns/" + campaign + "/tasks/";
        long task = api.post(labeler.token(), tasks + "next", null).expect(200).json().path("taskId").asLong();
        sleep(3_500); // the default rule pays nothing for an answer given in under 3 s
        api.post(labeler.token(), tasks + task + "/answer", Map.of("choice", "A")).expect(201);
        await("quality and game score the answer", () ->
                api.get(labeler.token(), "/api/me/progress").expect(200).json().path("points").asLong() > 0);
    }

    /**
     * Imports and exports run in web processes: the real Arena sample imported through web, then a dataset version
     * of it downloaded as the Hugging Face folder (card and Parquet files written by the packaged jar).
     */
    @Test
    @Order(4)
    void arenaBattlesImportThroughWebAndExportAsAHuggingFaceDataset() throws IOException {
        long imported = api.post(modeler.token(), "/api/campaigns", Map.of("name", LaurelApi.unique("roles-arena"), "overlap", 1))
                .expect(201).json().path("id").asLong();
        String battles = Files.readString(Path.of("../shared/data/arena-battles-sample/battles.jsonl"));
        JsonNode stored = api.upload(modeler.token(), "/api/campaigns/" + imported + "/imports/arena", "application/jsonl", battles)
                .expect(201).json();
        assertEquals(112, stored.path("answers").asInt(), stored.toString());

        String datasets = "/api/campaigns/" + imported + "/datasets/";
        JsonNode version = api.post(modeler.token(), datasets, null).expect(201).json();
        assertEquals(112, version.path("votes").asInt(), version.toString());
        String votes = api.get(modeler.token(), datasets + version.path("version").asInt() + "/votes.jsonl").expect(200).body();
        assertEquals(112, votes.lines().count());

        Map<String, byte[]> files = new HashMap<>();
        byte[] zip = api.download(modeler.token(), datasets + version.path("version").asInt() + "/huggingface.zip");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        assertTrue(new String(files.get("README.md"), StandardCharsets.UTF_8).startsWith("---\n"), "a card with a YAML header");
        List<String> parquet = files.keySet().stream().filter(name -> name.endsWith(".parquet")).sorted().toList();
        assertTrue(parquet.contains("data/train-00000-of-00001.parquet"), files.keySet().toString());
        for (String name : parquet) {
            byte[] file = files.get(name);
            String head = new String(file, 0, 4, StandardCharsets.US_ASCII);
            String tail = new String(file, file.length - 4, 4, StandardCharsets.US_ASCII);
            assertEquals("PAR1PAR1", head + tail, name + " is a Parquet file");
        }
    }

    @Test
    @Order(5)
    void theWorkerTrainsARewardModel() {
        Instant start = Instant.now();
        String pairs = IntStream.range(0, 8).mapToObj(i -> "{\"prompt\": \"How do I do task " + i + "?\", "
                        + "\"chosen\": \"Start small and follow a clear plan for task " + i + ".\", "
                        + "\"rejected\": \"Not my problem.\"}")
                .collect(Collectors.joining("\n"));
        long job = api.upload(modeler.token(), "/api/reward-models/jobs?epochs=3&seed=3", "application/jsonl", pairs)
                .expect(202).json().path("id").asLong();
        await("the worker trains the reward model", () -> {
            String status = api.get(modeler.token(), "/api/reward-models/jobs/" + job).expect(200).json().path("status").asText();
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        });
        JsonNode done = api.get(modeler.token(), "/api/reward-models/jobs/" + job).expect(200).json();
        assertEquals("SUCCEEDED", done.path("status").asText(), done.toString());
        assertTrue(done.path("modelId").asLong() > 0, done.toString());
        rewardModel = done.path("modelId").asLong();
        assertFalse(worker.logLines("Job " + job + " produced reward model").isEmpty(), "the worker trained it");
        assertTrue(web.logLines("Training reward model").isEmpty(), "web trains nothing");
        timings.add("reward model trained in " + secondsSince(start) + " s");
    }

    @Test
    @Order(5)
    void anUploadedScorerIsValidatedByTheWorkerNeverByWeb() {
        String sizes = "/api/reward-models/scorers?" + TinyScorers.SIZES;
        JsonNode junk = postBytes(sizes, "not parameters".getBytes(StandardCharsets.UTF_8)).expect(202).json();
        assertEquals("VALIDATING", junk.path("status").asText(), junk.toString());
        JsonNode rejected = awaitScorer(junk.path("id").asLong(), "REJECTED");
        assertTrue(rejected.path("reason").asText().contains("do not fit"), rejected.toString());
        JsonNode accepted = postBytes(sizes, TinyScorers.fresh(TinyScorers.ARCHITECTURE)).expect(202).json();
        long upload = accepted.path("id").asLong();
        JsonNode ready = awaitScorer(upload, "READY");
        assertEquals(64, ready.path("artifact").asText().length(), ready.toString());
        assertFalse(worker.logLines("Validating scorer upload " + upload).isEmpty(), "the worker validated it");
        assertEquals(List.of(), web.logLines("Validating scorer upload"), "web validates nothing");
        assertEquals(List.of(), nativeModelLibraries(web), "web loads no native model code");
    }

    @Test
    @Order(6)
    void theWorkerPreScoresRepliesWithTheActiveRewardModelAndWebLoadsNone() {
        api.post(modeler.token(), "/api/reward-models/" + rewardModel + "/activate", null).expect(200);
        long scored = api.post(modeler.token(), "/api/campaigns", Map.of("name", LaurelApi.unique("prescored"), "overlap", 1))
                .expect(201).json().path("id").asLong();
        api.upload(modeler.token(), "/api/campaigns/" + scored + "/prompts", "application/jsonl",
                "{\"id\": \"q0\", \"prompt\": \"How do I do task 1?\"}").expect(201);
        long outputs = api.post(modeler.token(), "/api/candidates", Map.of("name", LaurelApi.unique("outputs"), "kind", "UPLOADED_OUTPUTS"))
                .expect(201).json().path("id").asLong();
        // an upload of outputs announces its replies like a worker's batch: the pre-scoring queue hears it
        api.upload(modeler.token(), "/api/candidates/" + outputs + "/campaigns/" + scored + "/outputs", "application/jsonl",
                "{\"prompt_id\": \"q0\", \"output\": \"Start small and follow a clear plan.\"}").expect(201);
        await("the worker pre-scores the reply", () -> api.get(modeler.token(), "/api/campaigns/" + scored + "/generation/rewards")
                .expect(200).json().path("replies").size() == 1);
        assertEquals(List.of(), nativeModelLibraries(web), "web loads no native model code, though its team has a reward model");
        assertEquals(List.of(), web.logLines("Reward-model scoring: taking"), "web takes no scoring stream");
        assertFalse(worker.logLines("Reward-model scoring: taking").isEmpty(), "the worker does");
    }

    @Test
    @Order(6)
    void aScoringRequestToWebIsScoredByTheWorkerAndWebLoadsNoModel() {
        LaurelApi.Reply reply = api.post(modeler.token(), "/api/reward-models/" + rewardModel + "/score", Map.of("items", List.of(
                Map.of("prompt", "How do I do task 2?", "reply", "Start small and follow a clear plan for task 2."),
                Map.of("prompt", "How do I do task 2?", "reply", "Not my problem."))));
        // web only writes the batch down; it answers with the rewards if the worker is quick, else 202 to poll
        assertTrue(reply.status() == 200 || reply.status() == 202, reply.status() + " " + reply.body());
        long request = reply.json().path("requestId").asLong();
        if (reply.status() == 202) {
            assertEquals("/api/reward-models/" + rewardModel + "/scores/" + request, URI.create(reply.header("Location")).getPath());
            await("the worker scores the request", () -> api.get(modeler.token(), "/api/reward-models/" + rewardModel
                    + "/scores/" + request).expect(200).json().path("status").asText().equals("DONE"));
        }
        JsonNode done = api.get(modeler.token(), "/api/reward-models/" + rewardModel + "/scores/" + request).expect(200).json();
        assertEquals("DONE", done.path("status").asText(), done.toString());
        assertEquals(2, done.path("rewards").size(), done.toString());
        assertTrue(done.path("rewards").get(0).isNumber() && done.path("rewards").get(1).isNumber(), done.toString());
        assertFalse(worker.logLines("Scoring request " + request + ":").isEmpty(), "the worker scored it");
        assertEquals(List.of(), web.logLines("Scoring request"), "web scores nothing");
        assertEquals(List.of(), nativeModelLibraries(web), "web loads no native model code when asked to score");
        timings.add("scoring request answered " + reply.status());
    }

    @Test
    @Order(7)
    void theChainProcessPublishesTheEpochThatPaysTheLabeler() {
        Instant start = Instant.now();
        long[] published = {0};
        await("the chain process publishes an epoch paying the labeler", () -> {
            for (JsonNode epoch : api.get(admin, "/api/payout/epochs").expect(200).json()) {
                long number = epoch.path("number").asLong();
                if (epoch.path("state").asText().equals("published")
                        && api.get(admin, "/api/payout/epochs/" + number).expect(200).json().path("report").path("paid").asInt() > 0) {
                    published[0] = number;
                    return true;
                }
            }
            return false;
        });
        ChainClient.EpochOnChain onChain = chainClient.epoch(published[0]);
        assertTrue(onChain.isPublished(), "the root is in the distributor");
        assertFalse(chain.logLines("Epoch " + published[0] + " published").isEmpty(), "the chain process published it");
        assertTrue(web.logLines("published in block").isEmpty(), "web publishes nothing");
        JsonNode allocations = api.get(labeler.token(), "/api/payout/allocations").expect(200).json();
        assertTrue(allocations.size() > 0, allocations.toString());
        timings.add("epoch published " + secondsSince(start) + " s after training");
    }

    @Test
    @Order(8)
    void djlStartsInThePackagedJar() {
        for (LaurelProcess process : List.of(web, worker, chain)) {
            assertEquals(List.of(), process.logLines("DJL engines could not start"), process.name());
            assertEquals(List.of(), process.logLines("NoClassDefFoundError"), process.name());
        }
        assertFalse(worker.logLines("Reward-model trainer: DJL engines started").isEmpty(), worker.tail(40));
    }

    // ---- helpers ----

    private static LaurelApi.Reply health(LaurelProcess process, String which) {
        return new LaurelApi(process.managementUrl()).get(null, "/q/health/" + which);
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check '" + name + "' in " + health);
    }

    /** Polls a candidate until its upload has the status; returns the candidate. */
    private static JsonNode awaitArtifact(long candidate, String status) {
        await("the worker marks the upload " + status, () ->
                api.get(modeler.token(), "/api/candidates/" + candidate).expect(200).json().path("artifactStatus").asText().equals(status));
        return api.get(modeler.token(), "/api/candidates/" + candidate).expect(200).json();
    }

    /** Polls an uploaded scorer until it has the status; returns it. */
    private static JsonNode awaitScorer(long upload, String status) {
        await("the worker marks the scorer " + status, () -> api.get(modeler.token(), "/api/reward-models/scorers/" + upload)
                .expect(200).json().path("status").asText().equals(status));
        return api.get(modeler.token(), "/api/reward-models/scorers/" + upload).expect(200).json();
    }

    /** The DJL PyTorch native libraries mapped into a process (Linux: /proc/PID/maps). */
    private static List<String> nativeModelLibraries(LaurelProcess process) {
        try (Stream<String> maps = Files.lines(Path.of("/proc", String.valueOf(process.pid()), "maps"))) {
            return maps.map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(file -> file.contains("libtorch") || file.contains("djl_torch"))
                    .distinct().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory map of " + process.name(), e);
        }
    }

    private static LaurelApi.Reply putZip(String path, byte[] zip) {
        return sendBytes("PUT", path, "application/zip", zip);
    }

    private static LaurelApi.Reply postBytes(String path, byte[] bytes) {
        return sendBytes("POST", path, "application/octet-stream", bytes);
    }

    private static LaurelApi.Reply sendBytes(String method, String path, String type, byte[] bytes) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(web.baseUrl() + path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + modeler.token()).header("Content-Type", type)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            return new LaurelApi.Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ECKeyPair keyPair() {
        try {
            return Keys.createEcKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a wallet's {@code personal_sign} returns: r ‖ s ‖ v as hex. */
    private static String personalSign(String message, ECKeyPair key) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    /** Polls until the condition holds; fails after {@link #STEP_TIMEOUT} with the processes' recent errors. */
    private static void await(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(STEP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (condition.get()) {
                return;
            }
            sleep(500);
        }
        if (condition.get()) {
            return;
        }
        StringBuilder errors = new StringBuilder();
        for (LaurelProcess process : List.of(web, worker, chain)) {
            List<String> lines = new ArrayList<>(process.logLines("ERROR"));
            lines.addAll(process.logLines("WARN"));
            errors.append("\n-- ").append(process.name()).append(": ")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size())));
        }
        throw new AssertionError("Not within " + STEP_TIMEOUT.toSeconds() + " s: " + what + errors);
    }

    private static long secondsSince(Instant start) {
        return Duration.between(start, Instant.now()).toSeconds();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            System.err.println("RolesIT cleanup: " + e);
        }
    }
}
