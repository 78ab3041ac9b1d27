package dev.laurel.rewardmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Channels;
import dev.laurel.platform.Outbox;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Upload;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Training jobs: accepting a training set, the queue the worker takes jobs from, and what a job
 * reports while it runs. The job rows are the queue, so a job survives restarts: a running job whose
 * worker stops reporting (killed, restarted) goes back to the queue after the lease.
 */
@ApplicationScoped
public class TrainingJobs {
    private static final int MAX_TEXT = 100_000;
    private final RewardModelConfig config;
    private final ObjectMapper json;
    private final ArtifactStore store;
    private final Outbox outbox;

    TrainingJobs(RewardModelConfig config, ObjectMapper json, Outbox outbox) {
        this.config = config;
        this.json = json;
        this.outbox = outbox;
        this.store = new ArtifactStore(Path.of(config.store()));
    }

    ArtifactStore store() {
        return store;
    }

    /**
     * Reads a TRL reward-format file: records with {@code prompt}, {@code chosen}, {@code rejected} and
     * an optional {@code margin} ≥ 0. All or nothing: every bad line is reported, none is kept.
     */
    public List<PreferencePair> parsePairs(String text, Upload.Format format) {
        List<String> errors = new ArrayList<>();
        List<Upload.Row> rows = Upload.rows(text, format, List.of("prompt", "chosen", "rejected"), errors);
        List<PreferencePair> pairs = new ArrayList<>();
        for (Upload.Row row : rows) {
            String prompt = row.get("prompt");
            String chosen = row.get("chosen");
            String rejected = row.get("rejected");
            String marginText = row.get("margin");
            double margin = 0;
            if (marginText != null && !marginText.isBlank()) {
                try {
                    margin = Double.parseDouble(marginText);
                    if (!Double.isFinite(margin) || margin < 0) {
                        errors.add("Line " + row.line() + ": 'margin' must be a number ≥ 0, not " + marginText + ".");
                    }
                } catch (NumberFormatException e) {
                    errors.add("Line " + row.line() + ": 'margin' must be a number ≥ 0, not '" + marginText + "'.");
                }
            }
            for (String field : List.of("prompt", "chosen", "rejected")) {
                String value = row.get(field);
                if (value != null && value.length() > MAX_TEXT) {
                    errors.add("Line " + row.line() + ": '" + field + "' is longer than " + MAX_TEXT + " characters.");
                }
            }
            if (chosen != null && chosen.equals(rejected)) {
                errors.add("Line " + row.line() + ": 'chosen' and 'rejected' are the same text; a pair needs two different replies.");
            }
            boolean complete = prompt != null && !prompt.isBlank() && chosen != null && !chosen.isBlank()
                    && rejected != null && !rejected.isBlank();
            if (complete && errors.isEmpty()) {
                pairs.add(new PreferencePair(prompt, chosen, rejected, Math.max(0, margin)));
            }
        }
        if (rows.size() > config.maxPairs()) {
            errors.add("The file has " + rows.size() + " pairs; the limit is " + config.maxPairs() + ".");
        }
        Upload.rejectIfAny(errors, "training file");
        return pairs;
    }

    /** Queues a job; the training set goes to the artifact store under its hash. */
    @Transactional
    public TrainingJob submit(User user, List<PreferencePair> pairs, RewardHeadTrainer.Settings settings) {
        return submit(user, pairs, settings, null);
    }

    /** Queues a job that fine-tunes the uploaded scorer {@code baseArtifact} (null: train a reward head). */
    @Transactional
    public TrainingJob submit(User user, List<PreferencePair> pairs, RewardHeadTrainer.Settings settings, String baseArtifact) {
        if (user.teamId == null) {
            throw Problem.forbidden("Only a member of a model team can train reward models.");
        }
        if (pairs.stream().map(PreferencePair::prompt).distinct().count() < 2 && settings.validationFraction() > 0) {
            throw Problem.badRequest("A training set needs pairs for at least two different prompts, so that some can be held out"
                    + " for validation; or set validationFraction=0.");
        }
        TrainingJob job = new TrainingJob();
        job.teamId = user.teamId;
        job.createdBy = user.id;
        job.status = TrainingJob.Status.QUEUED;
        job.dataHash = store.saveDataset(pairs);
        job.pairCount = pairs.size();
        job.settings = write(settings);
        job.attempts = 0;
        job.baseArtifact = baseArtifact;
        job.createdAt = Instant.now();
        job.persist();
        outbox.append(Channels.TRAINING_OUT, new TrainingRequested(Outbox.newEventId(), job.id, job.teamId, job.createdAt));
        return job;
    }

    /** The uploaded scorer a team may fine-tune, or a 404 sentence. */
    public ArtifactStore.StoredModel scorer(User user, String artifact) {
        ArtifactStore.StoredModel stored;
        try {
            stored = store.readModel(artifact);
        } catch (RuntimeException e) {
            throw Problem.notFound("Scorer " + artifact + " does not exist.");
        }
        Object team = stored.manifest().get("teamId");
        if (!TextScorer.FORMAT.equals(stored.manifest().get("format")) || !(team instanceof Number number)
                || user.teamId == null || number.longValue() != user.teamId) {
            throw Problem.notFound("Scorer " + artifact + " does not exist.");
        }
        return stored;
    }

    public List<TrainingJob> visibleTo(User user) {
        return Role.ADMIN.equals(user.role) ? TrainingJob.listAll(Sort.by("id"))
                : TrainingJob.list("teamId", Sort.by("id"), user.teamId);
    }

    public TrainingJob visible(User user, long id) {
        TrainingJob job = TrainingJob.findById(id);
        if (job == null || !(Role.ADMIN.equals(user.role) || (user.teamId != null && job.teamId == user.teamId))) {
            throw Problem.notFound("Training job " + id + " does not exist.");
        }
        return job;
    }

    public List<TrainingEpoch> epochs(long jobId) {
        return TrainingEpoch.list("jobId", Sort.by("epoch"), jobId);
    }

    public RewardHeadTrainer.Settings settings(TrainingJob job) {
        try {
            return json.readValue(job.settings, RewardHeadTrainer.Settings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Job " + job.id + " has unreadable settings", e);
        }
    }

    // ---- the worker's side ----

    /** Takes the oldest queued job for {@code worker}, or nothing. Safe with several workers: the update is conditional. */
    @Transactional
    public Optional<TrainingJob> claimNext(String worker) {
        for (TrainingJob candidate : TrainingJob.<TrainingJob>find("status", Sort.by("id"), TrainingJob.Status.QUEUED).page(0, 5).list()) {
            Instant now = Instant.now();
            int claimed = TrainingJob.update("status = ?1, worker = ?2, heartbeatAt = ?3, startedAt = ?3, attempts = attempts + 1, "
                    + "error = null where id = ?4 and status = ?5", TrainingJob.Status.RUNNING, worker, now, candidate.id,
                    TrainingJob.Status.QUEUED);
            if (claimed == 1) {
                TrainingEpoch.delete("jobId", candidate.id); // a restarted job reports its epochs afresh
                TrainingJob.getEntityManager().refresh(candidate);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Transactional
    public void heartbeat(long jobId, String worker) {
        TrainingJob.update("heartbeatAt = ?1 where id = ?2 and worker = ?3 and status = ?4", Instant.now(), jobId, worker,
                TrainingJob.Status.RUNNING);
    }

    @Transactional
    public void recordEpoch(long jobId, String worker, RewardHeadTrainer.EpochMetrics metrics) {
        heartbeat(jobId, worker);
        TrainingEpoch epoch = new TrainingEpoch();
        epoch.jobId = jobId;
        epoch.epoch = metrics.epoch();
        epoch.trainLoss = metrics.trainLoss();
        epoch.trainAccuracy = metrics.trainAccuracy();
        epoch.trainMargin = metrics.trainMargin();
        epoch.validationLoss = finite(metrics.validationLoss());
        epoch.validationAccuracy = finite(metrics.validationAccuracy());
        epoch.validationMargin = finite(metrics.validationMargin());
        epoch.createdAt = Instant.now();
        epoch.persist();
    }

    /** Records the model a job produced as its team's next version. */
    @Transactional
    public RewardModel succeed(long jobId, String artifact, Double validationAccuracy) {
        TrainingJob job = TrainingJob.findById(jobId);
        Integer last = RewardModel.getEntityManager()
                .createQuery("select max(m.version) from RewardModel m where m.teamId = ?1", Integer.class)
                .setParameter(1, job.teamId).getSingleResult();
        RewardModel model = new RewardModel();
        model.teamId = job.teamId;
        model.jobId = jobId;
        model.version = last == null ? 1 : last + 1;
        model.artifact = artifact;
        model.dataHash = job.dataHash;
        model.validationAccuracy = validationAccuracy == null ? null : finite(validationAccuracy);
        model.active = false;
        model.createdAt = Instant.now();
        model.persist();
        job.status = TrainingJob.Status.SUCCEEDED;
        job.finishedAt = model.createdAt;
        job.modelId = model.id;
        outbox.append(Channels.REWARD_MODELS_OUT, new RewardModelReady(Outbox.newEventId(), model.id, model.teamId,
                model.version, jobId, artifact, model.validationAccuracy, model.createdAt));
        return model;
    }

    @Transactional
    public void fail(long jobId, String reason) {
        TrainingJob job = TrainingJob.findById(jobId);
        job.status = TrainingJob.Status.FAILED;
        job.finishedAt = Instant.now();
        job.error = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    /** Puts a job this worker is giving up (shutdown) back in the queue at once. */
    @Transactional
    public void release(long jobId, String worker) {
        TrainingJob.update("status = ?1, worker = null where id = ?2 and worker = ?3 and status = ?4",
                TrainingJob.Status.QUEUED, jobId, worker, TrainingJob.Status.RUNNING);
    }

    /**
     * Running jobs whose worker has not reported within the lease go back to the queue, or fail once
     * they have been started {@code maxAttempts} times. Returns how many were re-queued.
     */
    @Transactional
    public int requeueStale(Instant now) {
        Instant cutoff = now.minus(config.jobLease());
        TrainingJob.update("status = ?1, finishedAt = ?2, worker = null, error = ?3 where status = ?4 and heartbeatAt < ?5 "
                        + "and attempts >= ?6", TrainingJob.Status.FAILED, now,
                "The job was interrupted " + config.maxAttempts() + " times (its worker stopped); giving up.",
                TrainingJob.Status.RUNNING, cutoff, config.maxAttempts());
        return TrainingJob.update("status = ?1, worker = null where status = ?2 and heartbeatAt < ?3",
                TrainingJob.Status.QUEUED, TrainingJob.Status.RUNNING, cutoff);
    }

    String write(RewardHeadTrainer.Settings settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
