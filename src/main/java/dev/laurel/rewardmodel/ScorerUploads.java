package dev.laurel.rewardmodel;

import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ReceivedFiles;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The web's side of a scorer upload: the parameters are streamed to the reward-model store
 * ({@code uploads/<sha256>.params}, the limit counted while streaming) and the upload waits in VALIDATING. This
 * process never opens them: a worker-role process loads them ({@link ScorerValidation}), so no DJL runs here.
 */
@ApplicationScoped
public class ScorerUploads {
    static final String DIRECTORY = "uploads";

    private final ReceivedFiles files;
    private final ScorerValidation validation;

    ScorerUploads(RewardModelConfig config, ScorerValidation validation) {
        this.files = files(config);
        this.validation = validation;
    }

    static ReceivedFiles files(RewardModelConfig config) {
        long limit = config.maxScorerBytes();
        return new ReceivedFiles(Path.of(config.store()).resolve(DIRECTORY), ".params", limit,
                "The scorer's parameter file is larger than the limit of " + limit
                        + " bytes; use smaller sizes (laurel.rewardmodel.max-scorer-bytes).",
                "The upload is empty; send the parameter file (Block.saveParameters) as the request body.");
    }

    /** Receives a team's scorer; it is VALIDATING until a worker has loaded it. */
    public ScorerUpload receive(User user, InputStream body, TextScorer.Architecture architecture) {
        if (user.teamId == null) {
            throw Problem.forbidden("Only a member of a model team can upload scorers.");
        }
        String problem = architecture.problem();
        if (problem != null) {
            throw Problem.badRequest(problem); // before reading a large body for nothing
        }
        String sha = files.receive(body);
        ScorerUpload upload;
        try {
            upload = QuarkusTransaction.requiringNew().call(() -> {
                ScorerUpload row = new ScorerUpload();
                row.teamId = user.teamId;
                row.createdBy = user.id;
                row.uploadSha = sha;
                row.maxBytes = architecture.maxBytes();
                row.embeddingSize = architecture.embeddingSize();
                row.channels = architecture.channels();
                row.hiddenSize = architecture.hiddenSize();
                row.status = ScorerUpload.Status.VALIDATING;
                row.attempts = 0;
                row.createdAt = Instant.now();
                row.persist();
                return row;
            });
        } catch (RuntimeException e) {
            forget(sha);
            throw e;
        }
        validation.wake(); // at once when this process is a worker too; otherwise a worker's poll finds it
        return upload;
    }

    public List<ScorerUpload> visibleTo(User user) {
        return Role.ADMIN.equals(user.role) ? ScorerUpload.listAll(Sort.by("id"))
                : ScorerUpload.list("teamId", Sort.by("id"), user.teamId);
    }

    public ScorerUpload visible(User user, long id) {
        ScorerUpload upload = ScorerUpload.findById(id);
        if (upload == null || !(Role.ADMIN.equals(user.role) || (user.teamId != null && upload.teamId == user.teamId))) {
            throw Problem.notFound("Scorer upload " + id + " does not exist.");
        }
        return upload;
    }

    /** Scorer parameters are streamed to the store: their limit is the store's, not the small one of other requests. */
    @jakarta.enterprise.inject.Produces
    static dev.laurel.platform.StreamedUploadRoute scorerUploads(RewardModelConfig config) {
        return new dev.laurel.platform.StreamedUploadRoute("POST", java.util.regex.Pattern.compile("/api/reward-models/scorers"),
                config.maxScorerBytes());
    }

    /** Nothing half-written: a received file that no upload waits on is deleted. */
    private void forget(String sha) {
        try {
            boolean awaited = QuarkusTransaction.requiringNew().call(() -> ScorerUpload.count(
                    "status = ?1 and uploadSha = ?2", ScorerUpload.Status.VALIDATING, sha) > 0);
            if (!awaited) {
                files.discard(sha);
            }
        } catch (RuntimeException e) {
            Log.warnf("Scorer upload %s could not be cleaned up: %s", sha, e.getMessage());
        }
    }
}
