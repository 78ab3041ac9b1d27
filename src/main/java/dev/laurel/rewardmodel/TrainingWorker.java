package dev.laurel.rewardmodel;

import ai.djl.engine.Engine;
import dev.laurel.platform.Channels;
import dev.laurel.platform.ModelEngines;
import dev.laurel.platform.Roles;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The worker role's trainer: one job at a time on one thread (a GPU, or two CPU cores, gains nothing
 * from two at once), taken from the job table. More jobs wait in the queue; more worker processes
 * each take their own. While a job runs the worker reports a heartbeat; when it stops reporting
 * (process killed), {@link TrainingJobs#requeueStale} hands the job to the next worker.
 * <p>Only processes with the {@code worker} role train ({@link Roles}); they alone consume the training channel
 * (paused elsewhere) and report "reward-model trainer" in their readiness: up once DJL's engines have started,
 * down with the reason when they cannot.
 */
@ApplicationScoped
public class TrainingWorker {
    private static final long IDLE = -1;
    static final String HEALTH_CHECK = "reward-model trainer";

    private final TrainingJobs jobs;
    private final Embeddings embeddings;
    private final RewardModelConfig config;
    private final Roles roles;
    private final ChannelRegistry channels;
    private final HealthRegistry readiness;
    /** What the readiness check reports about DJL: null while starting, then the engine or the reason it failed. */
    private volatile String engines;
    private volatile boolean enginesFailed;
    private final String name = "worker-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reward-model-trainer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong current = new AtomicLong(IDLE);

    TrainingWorker(TrainingJobs jobs, Embeddings embeddings, RewardModelConfig config, Roles roles,
                   ChannelRegistry channels, @Readiness HealthRegistry readiness) {
        this.jobs = jobs;
        this.embeddings = embeddings;
        this.config = config;
        this.roles = roles;
        this.channels = channels;
        this.readiness = readiness;
    }

    /** Heartbeat for the running job, re-queue abandoned jobs, start the next one if idle. */
    @Scheduled(every = "${laurel.rewardmodel.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        if (!roles.isWorker()) {
            return;
        }
        long running = current.get();
        if (running != IDLE) {
            jobs.heartbeat(running, name);
        }
        int requeued = jobs.requeueStale(Instant.now());
        if (requeued > 0) {
            Log.infof("Re-queued %d reward-model training job(s) whose worker stopped", requeued);
        }
        wake();
    }

    /** Starts the next queued job unless one is running. */
    public synchronized void wake() {
        if (!roles.isWorker() || current.get() != IDLE || thread.isShutdown()) {
            return;
        }
        jobs.claimNext(name).ifPresent(job -> {
            current.set(job.id);
            RewardHeadTrainer.Settings settings = jobs.settings(job);
            String base = job.baseArtifact;
            thread.submit(() -> base != null ? fineTune(job.id, job.dataHash, base, settings)
                    : settings.mode() == RewardHeadTrainer.Mode.END_TO_END ? runEndToEnd(job.id, job.dataHash, settings)
                    : run(job.id, job.dataHash, settings));
        });
    }

    private Void run(long jobId, String dataHash, RewardHeadTrainer.Settings settings) {
        return runJob(jobId, () -> {
            Log.infof("Training reward model for job %d on %s", jobId, ModelEngines.trainingDevice());
            List<PreferencePair> pairs = jobs.store().readDataset(dataHash);
            RewardHeadTrainer.Result result = new RewardHeadTrainer(settings)
                    .train(pairs, embeddings, metrics -> jobs.recordEpoch(jobId, name, metrics));
            String artifact = jobs.store().saveModel(result.parameters(), manifest(result));
            return jobs.succeed(jobId, artifact, result.validationPairs() == 0 ? null : result.best().validationAccuracy());
        });
    }

    private Void runEndToEnd(long jobId, String dataHash, RewardHeadTrainer.Settings settings) {
        return runJob(jobId, () -> {
            Log.infof("Training reward model end to end (encoder and head) for job %d on %s", jobId, ModelEngines.trainingDevice());
            List<PreferencePair> pairs = jobs.store().readDataset(dataHash);
            EndToEndTrainer.Result result = new EndToEndTrainer(settings, EndToEndTrainer.Options.defaults())
                    .train(pairs, metrics -> jobs.recordEpoch(jobId, name, metrics));
            String artifact = jobs.store().saveModel(result.parameters(), manifest(result));
            return jobs.succeed(jobId, artifact, result.validationPairs() == 0 ? null : result.best().validationAccuracy());
        });
    }

    private Void fineTune(long jobId, String dataHash, String base, RewardHeadTrainer.Settings settings) {
        return runJob(jobId, () -> {
            Log.infof("Fine-tuning scorer %s for job %d on %s", base, jobId, ModelEngines.trainingDevice());
            List<PreferencePair> pairs = jobs.store().readDataset(dataHash);
            ArtifactStore.StoredModel stored = jobs.store().readModel(base);
            @SuppressWarnings("unchecked")
            TextScorer.Architecture architecture =
                    TextScorer.Architecture.fromManifest((Map<String, Object>) stored.manifest().get("architecture"));
            ScorerFineTuner.Result result = new ScorerFineTuner(settings)
                    .fineTune(stored.parameters(), architecture, pairs, metrics -> jobs.recordEpoch(jobId, name, metrics));
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("format", TextScorer.FORMAT);
            manifest.put("architecture", architecture.toManifest());
            manifest.put("origin", "fine-tuned from " + base);
            manifest.put("loss", "softplus(-(r_chosen - r_rejected - margin)) + centering * (r_chosen + r_rejected)^2");
            manifest.put("settings", settings);
            manifest.put("dataHash", RewardHeadTrainer.dataHash(pairs));
            manifest.put("trainingPairs", result.trainingPairs());
            manifest.put("validationPairs", result.validationPairs());
            manifest.put("bestEpoch", result.bestEpoch());
            manifest.put("history", result.history());
            manifest.put("device", result.device());
            manifest.put("djl", Engine.getDjlVersion());
            String artifact = jobs.store().saveModel(result.parameters(), manifest);
            return jobs.succeed(jobId, artifact, result.validationPairs() == 0 ? null : result.best().validationAccuracy());
        });
    }

    private Void runJob(long jobId, java.util.function.Supplier<RewardModel> work) {
        try {
            RewardModel model = work.get();
            Log.infof("Job %d produced reward model %d (version %d)", jobId, model.id, model.version);
        } catch (CancellationException e) {
            Log.infof("Job %d interrupted; back in the queue", jobId);
            jobs.release(jobId, name);
        } catch (RuntimeException | Error e) {
            Log.errorf(e, "Reward-model training job %d failed", jobId);
            jobs.fail(jobId, "Training failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } finally {
            current.set(IDLE);
        }
        wake();
        return null;
    }

    /** Everything needed to use and to reproduce an end-to-end model, except the data (named by its hash). */
    static Map<String, Object> manifest(EndToEndTrainer.Result result) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", EndToEndRewardModel.FORMAT);
        manifest.put("origin", "encoder fine-tuned from " + SentenceEncoder.NAME + " (the shipped ONNX weights) with the head"
                + (result.options().probeFirst() ? ", the head first trained on the frozen encoder (LP-FT)" : ""));
        manifest.put("features", "[reply, prompt * reply]");
        manifest.put("architecture", result.architecture().toManifest());
        manifest.put("options", result.options());
        manifest.put("pairsPerSecond", result.pairsPerSecond());
        provenance(manifest, result);
        return manifest;
    }

    static Map<String, Object> manifest(RewardHeadTrainer.Result result) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", "laurel-reward-head/1");
        manifest.put("encoder", Map.of("name", SentenceEncoder.NAME, "dimensions", SentenceEncoder.DIMENSIONS,
                "maxTokens", SentenceEncoder.DEFAULT_MAX_TOKENS, "pooling", "mean, L2-normalised"));
        manifest.put("features", "[reply, prompt * reply]");
        manifest.put("architecture", Map.of("embeddingSize", result.architecture().embeddingSize(),
                "hiddenSize", result.architecture().hiddenSize(), "dropout", result.architecture().dropout()));
        provenance(manifest, result);
        return manifest;
    }

    /** What both modes record about how a model was trained: loss, settings, data, epochs, where. */
    private static void provenance(Map<String, Object> manifest, RewardHeadTrainer.Provenance result) {
        manifest.put("loss", "softplus(-(r_chosen - r_rejected - margin)) + centering * (r_chosen + r_rejected)^2");
        manifest.put("settings", result.settings());
        manifest.put("seed", result.settings().seed());
        manifest.put("dataHash", result.dataHash());
        manifest.put("trainingPairs", result.trainingPairs());
        manifest.put("validationPairs", result.validationPairs());
        manifest.put("trainingPrompts", result.trainingPrompts());
        manifest.put("validationPrompts", result.validationPrompts());
        manifest.put("bestEpoch", result.bestEpoch());
        manifest.put("metrics", result.best());
        manifest.put("history", result.history());
        manifest.put("device", result.device());
        manifest.put("djl", Engine.getDjlVersion());
        manifest.put("engine", RewardHead.ENGINE + " " + ModelEngines.pytorch().getVersion());
    }

    /**
     * A worker creates DJL's engines at start-up, off the start-up thread: the OnnxRuntime engine must
     * be first to create the process' OrtEnvironment (DESIGN.md), and the first job then starts at once.
     * Then it takes training wake-ups from the broker and reports its readiness.
     */
    void onStart(@Observes io.quarkus.runtime.StartupEvent event) {
        if (System.getenv("LAUREL_REWARD_MODEL_WORKER") != null) {
            Log.warnf("LAUREL_REWARD_MODEL_WORKER is ignored: LAUREL_ROLES decides what a process does (this one: %s,"
                    + " so it %s reward models)", roles, roles.isWorker() ? "trains" : "does not train");
        }
        if (!roles.isWorker()) {
            return;
        }
        readiness.register(HEALTH_CHECK, this::health);
        if (config.startEnginesAtStartup()) {
            thread.submit(() -> {
                try {
                    Engine pytorch = ModelEngines.pytorch();
                    engines = pytorch.getEngineName() + " " + pytorch.getVersion() + " on " + ModelEngines.trainingDevice();
                    Log.infof("Reward-model trainer: DJL engines started (%s)", engines);
                } catch (RuntimeException | Error e) {
                    engines = "DJL engines could not start: " + e;
                    enginesFailed = true;
                    Log.errorf(e, "DJL engines could not start; reward-model training will fail");
                }
            });
        } else {
            engines = "DJL engines start with the first job";
        }
        PausableChannel channel = channels.getPausable(Channels.TRAINING_WORKER);
        if (channel != null && channel.isPaused()) {
            channel.resume();
        }
    }

    private HealthCheckResponse health() {
        String state = engines;
        PausableChannel channel = channels.getPausable(Channels.TRAINING_WORKER);
        boolean listening = channel == null || !channel.isPaused();
        return HealthCheckResponse.named(HEALTH_CHECK).status(state != null && !enginesFailed && listening)
                .withData("engines", state == null ? "starting" : state)
                .withData("wake-ups", listening ? "taking" : "paused")
                .build();
    }

    /** On shutdown the running job goes back to the queue at once instead of waiting out its lease. */
    void onStop(@Observes ShutdownEvent event) {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String name() {
        return name;
    }
}
