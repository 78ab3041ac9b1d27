package dev.laurel.model;

import dev.laurel.platform.Roles;
import dev.laurel.platform.WorkerQueue;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The worker's side of a model upload: takes candidates whose upload is {@code VALIDATING}, loads the zip
 * with DJL, runs a forward pass and marks it {@code READY} (it becomes the candidate's model) or
 * {@code REJECTED} with the reason. Only worker-role processes do this: uploaded model code never runs
 * where the web's secrets and sessions are.
 * <p>The candidate table is the queue, run by {@link WorkerQueue} (polled, and woken at once when the upload arrived in a process that is a
 * worker too): a claim is a conditional update, so several workers take different uploads; a claim whose
 * worker died goes stale and is taken over; an upload that stopped its worker {@value #MAX_ATTEMPTS} times
 * (a native crash, memory) is rejected rather than taken forever.
 */
@ApplicationScoped
public class ArtifactValidation implements WorkerQueue.Work<ArtifactValidation.Claim> {
    static final int MAX_ATTEMPTS = 3;

    private final ModelArtifacts artifacts;
    private final ModelUploads uploads;
    private final ModelConfig config;
    private final WorkerQueue<Claim> queue;

    ArtifactValidation(Roles roles, Generators generators, ModelConfig config) {
        this.artifacts = generators.artifacts();
        this.uploads = new ModelUploads(Path.of(config.store()), config.maxArtifactBytes());
        this.config = config;
        this.queue = new WorkerQueue<>("artifact-validation", MAX_ATTEMPTS, roles, this);
    }

    /** A claimed upload: the candidate, the zip's SHA-256, and the how-manieth claim this is. */
    record Claim(long candidateId, String sha, int attempt) implements WorkerQueue.Claim {
    }

    @Scheduled(every = "${laurel.models.validation-poll:3s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
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

    /**
     * Validates one candidate's waiting upload here and now, whatever this process' roles: for a test that
     * plays the worker of a web-role process. False if nothing of it waits.
     */
    boolean validateNow(long candidateId) {
        return queue.runNow(candidateId);
    }

    /** Takes the oldest waiting upload nobody holds (or whose holder stopped), or nothing. */
    Optional<Claim> claim() {
        return queue.claim();
    }

    @Override
    public Optional<Claim> claim(Long only) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Instant stale = now.minus(config.validationLease());
            List<Candidate> waiting = only != null
                    ? Candidate.<Candidate>list("id = ?1 and artifactStatus = ?2", only, Candidate.ArtifactStatus.VALIDATING)
                    : Candidate.<Candidate>find("artifactStatus = ?1 and (artifactClaimedAt is null or artifactClaimedAt < ?2)",
                            Sort.by("id"), Candidate.ArtifactStatus.VALIDATING, stale).page(0, 5).list();
            for (Candidate candidate : waiting) {
                // conditional: of two workers reading the same row, one claims it
                int claimed = Candidate.update("artifactClaimedAt = ?1, artifactAttempts = artifactAttempts + 1 where id = ?2 "
                                + "and artifactStatus = ?3 and artifactUpload = ?4 and (artifactClaimedAt is null or artifactClaimedAt < ?5)",
                        now, candidate.id, Candidate.ArtifactStatus.VALIDATING, candidate.artifactUpload,
                        only != null ? now.plusSeconds(1) : stale);
                if (claimed == 1) {
                    return Optional.of(new Claim(candidate.id, candidate.artifactUpload, candidate.artifactAttempts + 1));
                }
            }
            return Optional.<Claim>empty();
        });
    }

    @Override
    public void giveUp(Claim claim, int attempts) {
        finish(claim, null, "Validation was started " + attempts + " times and never finished: the model stops the "
                + "worker that loads it (too large for its memory, or it crashes the engine). Upload a smaller or corrected model.");
    }

    /** Loads and tries one upload, then records the outcome; false if it could not tell (tried again later). */
    @Override
    public boolean process(Claim claim) {
        Log.infof("Validating model artifact %s of candidate %d (attempt %d)", claim.sha(), claim.candidateId(), claim.attempt());
        ModelArtifacts.Stored stored;
        try {
            stored = artifacts.validate(claim.sha(), uploads.zip(claim.sha()));
        } catch (ArtifactRejected e) {
            finish(claim, null, e.getMessage());
            return true;
        } catch (RuntimeException e) {
            // not the model's fault (the store unreadable, the database gone): the claim goes stale and is retried
            Log.warnf(e, "Model artifact %s of candidate %d could not be validated now", claim.sha(), claim.candidateId());
            return false;
        }
        finish(claim, stored, null);
        return true;
    }

    /** Records READY (with the model) or REJECTED (with the reason) unless a newer upload replaced this one. */
    private void finish(Claim claim, ModelArtifacts.Stored stored, String reason) {
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> {
            String unlessReplaced = " where id = ?%d and artifactStatus = ?%d and artifactUpload = ?%d";
            if (stored != null) {
                return Candidate.update("artifactStatus = ?1, artifactReason = null, artifact = ?2, modelTask = ?3, "
                                + "artifactClaimedAt = null" + unlessReplaced.formatted(4, 5, 6),
                        Candidate.ArtifactStatus.READY, claim.sha(), stored.manifest().kind(), claim.candidateId(),
                        Candidate.ArtifactStatus.VALIDATING, claim.sha()) == 1;
            }
            return Candidate.update("artifactStatus = ?1, artifactReason = ?2, artifactClaimedAt = null"
                            + unlessReplaced.formatted(3, 4, 5),
                    Candidate.ArtifactStatus.REJECTED, WorkerQueue.reason(reason), claim.candidateId(), Candidate.ArtifactStatus.VALIDATING,
                    claim.sha()) == 1;
        });
        if (recorded) {
            Log.infof("Model artifact %s of candidate %d is %s%s", claim.sha(), claim.candidateId(),
                    stored != null ? "READY" : "REJECTED", stored != null ? "" : ": " + reason);
        }
        // the zip is kept while a candidate still waits on it; a validated one lives on unpacked
        boolean awaited = QuarkusTransaction.requiringNew().call(() -> Candidate.count(
                "artifactStatus = ?1 and artifactUpload = ?2", Candidate.ArtifactStatus.VALIDATING, claim.sha()) > 0);
        if (stored != null || !awaited) {
            uploads.discard(claim.sha());
        }
    }

    /** Model zips are streamed to the store (CandidateResource.uploadArtifact): their limit is the store's, not the small one of other requests. */
    @jakarta.enterprise.inject.Produces
    static dev.laurel.platform.StreamedUploadRoute artifactUploads(ModelConfig config) {
        return new dev.laurel.platform.StreamedUploadRoute("PUT", java.util.regex.Pattern.compile("/api/candidates/[0-9]+/artifact"),
                config.maxArtifactBytes());
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.close();
    }
}
