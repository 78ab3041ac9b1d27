package dev.laurel.rewardmodel;

import dev.laurel.platform.ReceivedFiles;
import dev.laurel.platform.Roles;
import dev.laurel.platform.WorkerQueue;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's side of a scorer upload: takes uploads that are {@code VALIDATING}, loads the parameters into the
 * declared {@code laurel-text-scorer/1} architecture with DJL, scores once, and marks the upload {@code READY} (the
 * scorer is stored and may be fine-tuned) or {@code REJECTED} with the reason. Only worker-role processes do this:
 * parameters a team uploaded are never loaded where the web's secrets and sessions are.
 * <p>Like {@link dev.laurel.model.ArtifactValidation} for model zips, run by {@link WorkerQueue}: the table is the queue (polled, and woken at
 * once when the upload arrived in a process that is a worker too); a claim is a conditional update; a stale claim
 * (its worker died) is taken over; an upload that stopped its worker {@value #MAX_ATTEMPTS} times is rejected.
 */
@ApplicationScoped
public class ScorerValidation implements WorkerQueue.Work<ScorerValidation.Claim> {
    static final int MAX_ATTEMPTS = 3;

    private final TrainingJobs jobs;
    private final RewardModelConfig config;
    private final ReceivedFiles files;
    private final WorkerQueue<Claim> queue;

    ScorerValidation(Roles roles, TrainingJobs jobs, RewardModelConfig config) {
        this.jobs = jobs;
        this.config = config;
        this.files = ScorerUploads.files(config);
        this.queue = new WorkerQueue<>("scorer-validation", MAX_ATTEMPTS, roles, this);
    }

    /** A claimed upload and the how-manieth claim this is. */
    record Claim(long uploadId, String sha, TextScorer.Architecture architecture, long teamId, int attempt)
            implements WorkerQueue.Claim {
    }

    @Scheduled(every = "${laurel.rewardmodel.validation-poll:3s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Validates what waits, on this process' validation thread; nothing in a process without the worker role. */
    public void wake() {
        queue.wake();
    }

    /** Validates uploads until none waits; returns how many it finished. Worker role only. */
    public int validateWaiting() {
        return queue.runWaiting();
    }

    /** Validates one waiting upload here and now, whatever this process' roles: for a test that plays the worker. */
    boolean validateNow(long uploadId) {
        return queue.runNow(uploadId);
    }

    @Override
    public Optional<Claim> claim(Long only) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Instant stale = now.minus(config.validationLease());
            List<ScorerUpload> waiting = only != null
                    ? ScorerUpload.<ScorerUpload>list("id = ?1 and status = ?2", only, ScorerUpload.Status.VALIDATING)
                    : ScorerUpload.<ScorerUpload>find("status = ?1 and (claimedAt is null or claimedAt < ?2)", Sort.by("id"),
                            ScorerUpload.Status.VALIDATING, stale).page(0, 5).list();
            for (ScorerUpload upload : waiting) {
                // conditional: of two workers reading the same row, one claims it
                int claimed = ScorerUpload.update("claimedAt = ?1, attempts = attempts + 1 where id = ?2 and status = ?3 "
                                + "and (claimedAt is null or claimedAt < ?4)", now, upload.id, ScorerUpload.Status.VALIDATING,
                        only != null ? now.plusSeconds(1) : stale);
                if (claimed == 1) {
                    return Optional.of(new Claim(upload.id, upload.uploadSha, upload.architecture(), upload.teamId,
                            upload.attempts + 1));
                }
            }
            return Optional.<Claim>empty();
        });
    }

    @Override
    public void giveUp(Claim claim, int attempts) {
        finish(claim, null, "Validation was started " + attempts + " times and never finished: the parameters stop the "
                + "worker that loads them (too large for its memory, or they crash the engine). Upload smaller ones.");
    }

    /** Loads and tries one upload, then records the outcome; false if it could not tell (tried again later). */
    @Override
    public boolean process(Claim claim) {
        Log.infof("Validating scorer upload %d (%s, attempt %d)", claim.uploadId(), claim.sha(), claim.attempt());
        byte[] parameters;
        try {
            parameters = Files.readAllBytes(files.file(claim.sha()));
        } catch (IOException | RuntimeException e) {
            // not the upload's fault (the store unreadable): the claim goes stale and is retried
            Log.warnf(e, "Scorer upload %d could not be read now", claim.uploadId());
            return false;
        }
        TextScorer.Architecture architecture = claim.architecture();
        try (TextScorer scorer = TextScorer.open(parameters, architecture)) {
            scorer.score(List.of("check"), List.of("check")); // loads and runs, or says why not
        } catch (IllegalArgumentException e) {
            finish(claim, null, "These parameters do not fit a " + TextScorer.FORMAT + " scorer with maxBytes="
                    + architecture.maxBytes() + ", embeddingSize=" + architecture.embeddingSize() + ", channels="
                    + architecture.channels() + ", hiddenSize=" + architecture.hiddenSize() + ".");
            return true;
        } catch (RuntimeException e) {
            finish(claim, null, "The parameters could not be loaded into a " + TextScorer.FORMAT + " scorer ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ").");
            return true;
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", TextScorer.FORMAT);
        manifest.put("architecture", architecture.toManifest());
        manifest.put("origin", "uploaded");
        manifest.put("teamId", claim.teamId());
        String artifact;
        try {
            artifact = jobs.store().saveModel(parameters, manifest);
        } catch (RuntimeException e) {
            Log.warnf(e, "Scorer upload %d could not be stored now", claim.uploadId());
            return false;
        }
        finish(claim, artifact, null);
        return true;
    }

    /** Records READY (with the stored scorer) or REJECTED (with the reason). */
    private void finish(Claim claim, String artifact, String reason) {
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> artifact != null
                ? ScorerUpload.update("status = ?1, artifact = ?2, reason = null, claimedAt = null where id = ?3 and status = ?4",
                        ScorerUpload.Status.READY, artifact, claim.uploadId(), ScorerUpload.Status.VALIDATING) == 1
                : ScorerUpload.update("status = ?1, reason = ?2, claimedAt = null where id = ?3 and status = ?4",
                        ScorerUpload.Status.REJECTED, WorkerQueue.reason(reason), claim.uploadId(), ScorerUpload.Status.VALIDATING) == 1);
        if (recorded) {
            Log.infof("Scorer upload %d is %s%s", claim.uploadId(), artifact != null ? "READY" : "REJECTED",
                    artifact != null ? " (" + artifact + ")" : ": " + reason);
        }
        // the received file is kept while another upload of the same bytes still waits on it
        boolean awaited = QuarkusTransaction.requiringNew().call(() -> ScorerUpload.count(
                "status = ?1 and uploadSha = ?2", ScorerUpload.Status.VALIDATING, claim.sha()) > 0);
        if (!awaited) {
            files.discard(claim.sha());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.close();
    }
}
