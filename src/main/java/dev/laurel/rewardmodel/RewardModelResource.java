package dev.laurel.rewardmodel;

import dev.laurel.account.Accounts;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import dev.laurel.platform.UploadConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import dev.laurel.dataset.Datasets;
import java.util.Map;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/reward-models")
@Tag(name = "Reward models", description = "Training jobs, versioned reward models, activation and scoring")
@RolesAllowed({Role.MODELER, Role.ADMIN})
public class RewardModelResource {
    private final Datasets datasets;
    private final TrainingJobs jobs;
    private final RewardModels models;
    private final Accounts accounts;
    private final SecurityIdentity identity;
    private final UploadConfig uploads;
    private final ScorerUploads scorers;
    private final ScoreRequests scoreRequests;
    private final java.time.Duration scoreWait;

    RewardModelResource(TrainingJobs jobs, RewardModels models, Accounts accounts,
                        SecurityIdentity identity, UploadConfig uploads, ScorerUploads scorers, Datasets datasets,
                        ScoreRequests scoreRequests, RewardModelConfig config) {
        this.datasets = datasets;
        this.scoreRequests = scoreRequests;
        this.scoreWait = config.scoreWait();
        this.jobs = jobs;
        this.scorers = scorers;
        this.models = models;
        this.accounts = accounts;
        this.identity = identity;
        this.uploads = uploads;
    }

    public record EpochView(int epoch, double trainLoss, double trainAccuracy, double trainMargin,
                            Double validationLoss, Double validationAccuracy, Double validationMargin) {
        static EpochView of(TrainingEpoch e) {
            return new EpochView(e.epoch, e.trainLoss, e.trainAccuracy, e.trainMargin, e.validationLoss,
                    e.validationAccuracy, e.validationMargin);
        }
    }

    public record JobView(long id, TrainingJob.Status status, int pairs, String dataHash, RewardHeadTrainer.Settings settings,
                          String base, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt, String error, Long modelId,
                          List<EpochView> epochs) {
    }

    public record ModelView(long id, int version, boolean active, String artifact, String dataHash,
                            Double validationAccuracy, long jobId, Instant createdAt) {
        static ModelView of(RewardModel m) {
            return new ModelView(m.id, m.version, m.active, m.artifact, m.dataHash, m.validationAccuracy, m.jobId, m.createdAt);
        }
    }

    public record ScoreBatch(List<RewardModels.Reply> items) {
    }

    /**
     * A scoring request: {@code status} WAITING until a worker has scored it, then DONE ({@code rewards}, one per item in
     * the request's order) or FAILED ({@code reason} says why).
     */
    public record ScoreResult(long requestId, ScoreRequest.Status status, long modelId, int version, List<Double> rewards,
                              String reason) {
        static ScoreResult of(ScoreRequests.Outcome o) {
            return new ScoreResult(o.id(), o.status(), o.modelId(), o.version(), o.rewards(), o.reason());
        }
    }

    @POST
    @Path("jobs")
    @Consumes("*/*")
    @RolesAllowed(Role.MODELER)
    @Operation(summary = "Train a reward model on a TRL reward-format file (JSONL or CSV records with 'prompt', 'chosen', "
            + "'rejected' and optional 'margin' ≥ 0). All or nothing. The job is queued; poll GET jobs/{id}.")
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body,
                           @QueryParam("epochs") Integer epochs, @QueryParam("seed") Long seed,
                           @QueryParam("validationFraction") Double validationFraction,
                           @QueryParam("hiddenSize") Integer hiddenSize, @QueryParam("learningRate") Float learningRate,
                           @QueryParam("batchSize") Integer batchSize, @QueryParam("patience") Integer patience,
                           @QueryParam("centering") Float centering, @QueryParam("base") String base,
                           @QueryParam("mode") String mode) {
        User user = me();
        if (base != null) {
            jobs.scorer(user, base); // 404 unless it is this team's uploaded scorer
        }
        Upload.Format format = Upload.Format.of(contentType);
        String text = Upload.readText(body, uploads.maxBytes());
        RewardHeadTrainer.Settings settings = settings(mode(mode), epochs, seed, validationFraction, hiddenSize, learningRate,
                batchSize, patience, centering);
        if (base != null && settings.mode() == RewardHeadTrainer.Mode.END_TO_END) {
            throw Problem.badRequest("'base' fine-tunes an uploaded scorer; leave out 'mode=end-to-end' (or 'base') to train one or the other.");
        }
        List<PreferencePair> pairs = jobs.parsePairs(text, format);
        TrainingJob job = jobs.submit(user, pairs, settings, base);
        // a worker learns of the job from its TrainingRequested event (outbox → broker), or its next poll
        return Response.accepted(view(job)).location(URI.create("/api/reward-models/jobs/" + job.id)).build();
    }

    /** A snapshot to train on, and the few settings a person picks (the rest are the defaults). */
    public record FromDataset(Long campaignId, Integer version, Integer epochs, Integer batchSize, Integer patience, Long seed,
                              String mode) {
    }

    @POST
    @Path("jobs/from-dataset")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.MODELER)
    @Operation(summary = "Train a reward model on a dataset version's preference pairs (the rows of its pairs.jsonl)",
            description = "Body: {campaignId, version} and optionally epochs, batchSize, patience, seed. The job is queued; "
                    + "poll GET jobs/{id}.")
    public Response fromDataset(FromDataset request) {
        if (request == null || request.campaignId() == null || request.version() == null) {
            throw Problem.badRequest("Name the dataset version to train on: {\"campaignId\": 7, \"version\": 1}.");
        }
        User user = me();
        datasets.find(user, request.campaignId(), request.version()); // 404 unless it is the team's
        List<PreferencePair> pairs = datasets.pairs(request.campaignId(), request.version()).stream()
                .map(p -> new PreferencePair(p.prompt(), p.chosen(), p.rejected(), p.margin())).toList();
        if (pairs.isEmpty()) {
            throw Problem.conflict("Version " + request.version() + " of campaign " + request.campaignId()
                    + " has no preference pairs (pairs.jsonl is empty or its kind makes none); snapshot again once labelers have answered.");
        }
        RewardHeadTrainer.Settings settings = settings(mode(request.mode()), request.epochs(), request.seed(), null, null, null,
                request.batchSize(), request.patience(), null);
        TrainingJob job = jobs.submit(user, pairs, settings);
        return Response.accepted(view(job)).location(URI.create("/api/reward-models/jobs/" + job.id)).build();
    }

    /**
     * An uploaded scorer: {@code status} VALIDATING until a worker has loaded it, then READY ({@code artifact} is what
     * {@code jobs?base=} names) or REJECTED ({@code reason} says why).
     */
    public record ScorerView(long id, ScorerUpload.Status status, String reason, String artifact, String format,
                             Map<String, Object> architecture, Instant createdAt) {
        static ScorerView of(ScorerUpload u) {
            return new ScorerView(u.id, u.status, u.reason, u.artifact, TextScorer.FORMAT, u.architecture().toManifest(),
                    u.createdAt);
        }
    }

    @POST
    @Path("scorers")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed(Role.MODELER)
    @Operation(summary = "Upload a full scorer to fine-tune: DJL-saved parameters (Block.saveParameters) of the "
            + "laurel-text-scorer/1 architecture with these sizes. Answers 202 with status VALIDATING: a worker loads the "
            + "parameters and scores once, then status becomes READY (POST jobs?base={artifact} with preference data) or "
            + "REJECTED with the reason. Larger than laurel.rewardmodel.max-scorer-bytes: 413 and nothing is kept.")
    public Response uploadScorer(InputStream parameters, @QueryParam("maxBytes") Integer maxBytes,
                                 @QueryParam("embeddingSize") Integer embeddingSize, @QueryParam("channels") Integer channels,
                                 @QueryParam("hiddenSize") Integer hiddenSize) {
        if (maxBytes == null || embeddingSize == null || channels == null || hiddenSize == null) {
            throw Problem.badRequest("Give the scorer's sizes: maxBytes, embeddingSize, channels and hiddenSize.");
        }
        TextScorer.Architecture architecture = new TextScorer.Architecture(maxBytes, embeddingSize, channels, hiddenSize);
        // streamed to the store; this process never opens it (web pods load no model code)
        ScorerUpload upload = scorers.receive(me(), parameters, architecture);
        return Response.accepted(ScorerView.of(upload)).location(URI.create("/api/reward-models/scorers/" + upload.id)).build();
    }

    @GET
    @Path("scorers")
    @Operation(summary = "Your team's uploaded scorers with their status (VALIDATING, READY, REJECTED and why)")
    public List<ScorerView> scorers() {
        return scorers.visibleTo(me()).stream().map(ScorerView::of).toList();
    }

    @GET
    @Path("scorers/{id}")
    @Operation(summary = "One uploaded scorer: status, the reason if REJECTED, the artifact to fine-tune if READY")
    public ScorerView scorer(@PathParam("id") long id) {
        return ScorerView.of(scorers.visible(me(), id));
    }

    @GET
    @Path("jobs")
    public List<JobView> jobs() {
        return jobs.visibleTo(me()).stream().map(job -> view(job, List.of())).toList();
    }

    @GET
    @Path("jobs/{id}")
    @Operation(summary = "A training job with its per-epoch metrics (loss, accuracy, mean margin on training and validation)")
    public JobView job(@PathParam("id") long id) {
        return view(jobs.visible(me(), id));
    }

    @GET
    public List<ModelView> list() {
        return models.visibleTo(me()).stream().map(ModelView::of).toList();
    }

    @GET
    @Path("{id}")
    public ModelView get(@PathParam("id") long id) {
        return ModelView.of(models.visible(me(), id));
    }

    @POST
    @Path("{id}/activate")
    @Operation(summary = "Make this model its team's active reward model")
    public ModelView activate(@PathParam("id") long id) {
        return ModelView.of(models.activate(me(), id));
    }

    @POST
    @Path("{id}/score")
    @Operation(summary = "Rewards for a batch of (prompt, reply) items (at most laurel.rewardmodel.max-score-batch); "
            + "higher means more likely preferred",
            description = "Scoring loads the model, which only a worker-role process does: the batch is written down for a "
                    + "worker and this call waits up to laurel.rewardmodel.score-wait for its rewards. 200 {requestId, "
                    + "status: DONE, modelId, version, rewards}; 202 {status: WAITING} with a Location to poll (GET "
                    + "{id}/scores/{requestId}) when no worker has finished it by then; 422 problem+json with the reason "
                    + "when the model could not score it; 400 naming every bad item.")
    public Response score(@PathParam("id") long id, ScoreBatch request) {
        if (request == null) {
            throw Problem.badRequest("Send {\"items\": [{\"prompt\": ..., \"reply\": ...}]}.");
        }
        User user = me();
        long requestId = scoreRequests.submit(user, id, request.items());
        ScoreRequests.Outcome outcome = scoreRequests.await(user, id, requestId, scoreWait);
        return switch (outcome.status()) {
            case DONE -> Response.ok(ScoreResult.of(outcome)).build();
            case FAILED -> throw new Problem(422, "Could not score", outcome.reason(), List.of());
            case WAITING -> Response.accepted(ScoreResult.of(outcome))
                    .location(URI.create("/api/reward-models/" + id + "/scores/" + requestId)).build();
        };
    }

    @GET
    @Path("{id}/scores/{request}")
    @Operation(summary = "A scoring request: WAITING for a worker, DONE with its rewards, or FAILED with the reason",
            description = "Finished requests are kept for laurel.rewardmodel.score-keep (1 h), then 404.")
    public ScoreResult scoreRequest(@PathParam("id") long id, @PathParam("request") long request) {
        return ScoreResult.of(scoreRequests.outcome(me(), id, request));
    }

    private JobView view(TrainingJob job) {
        return view(job, jobs.epochs(job.id).stream().map(EpochView::of).toList());
    }

    private JobView view(TrainingJob job, List<EpochView> epochs) {
        return new JobView(job.id, job.status, job.pairCount, job.dataHash, jobs.settings(job), job.baseArtifact, job.attempts, job.createdAt,
                job.startedAt, job.finishedAt, job.error, job.modelId, epochs);
    }

    /** {@code frozen-encoder} (the default) or {@code end-to-end}; anything else is the caller's mistake. */
    static RewardHeadTrainer.Mode mode(String mode) {
        if (mode == null || mode.isBlank()) {
            return RewardHeadTrainer.Mode.FROZEN_ENCODER;
        }
        for (RewardHeadTrainer.Mode m : RewardHeadTrainer.Mode.values()) {
            if (m.name().equalsIgnoreCase(mode.strip().replace('-', '_'))) {
                return m;
            }
        }
        throw Problem.badRequest("'mode' must be 'frozen-encoder' (a head on fixed embeddings, fast) or 'end-to-end' "
                + "(the encoder is fine-tuned too, slow on a CPU), not '" + mode.strip() + "'.");
    }

    /** Defaults of the mode for what is not given; ranges checked so a typo cannot start a week-long job. */
    static RewardHeadTrainer.Settings settings(RewardHeadTrainer.Mode mode, Integer epochs, Long seed, Double validationFraction,
                                               Integer hiddenSize, Float learningRate, Integer batchSize, Integer patience,
                                               Float centering) {
        RewardHeadTrainer.Settings d = RewardHeadTrainer.Settings.defaults(mode);
        RewardHeadTrainer.Settings s = new RewardHeadTrainer.Settings(
                hiddenSize == null ? d.hiddenSize() : hiddenSize, d.dropout(),
                epochs == null ? d.maxEpochs() : epochs, batchSize == null ? d.batchSize() : batchSize,
                learningRate == null ? d.learningRate() : learningRate, d.weightDecay(),
                validationFraction == null ? d.validationFraction() : validationFraction,
                patience == null ? d.patience() : patience, centering == null ? d.centering() : centering,
                seed == null ? d.seed() : seed, mode);
        require(s.maxEpochs() >= 1 && s.maxEpochs() <= 1000, "'epochs' must be between 1 and 1000.");
        require(s.hiddenSize() >= 1 && s.hiddenSize() <= 4096, "'hiddenSize' must be between 1 and 4096.");
        require(s.batchSize() >= 1 && s.batchSize() <= 65536, "'batchSize' must be between 1 and 65536.");
        require(s.learningRate() > 0 && s.learningRate() <= 1, "'learningRate' must be in (0, 1].");
        require(s.validationFraction() >= 0 && s.validationFraction() < 1, "'validationFraction' must be in [0, 1).");
        require(s.patience() >= 1, "'patience' must be at least 1.");
        require(s.centering() >= 0 && Float.isFinite(s.centering()), "'centering' must be ≥ 0.");
        return s;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw Problem.badRequest(message);
        }
    }

    private User me() {
        return accounts.current(identity);
    }
}
