package dev.laurel.rewardmodel;

import dev.laurel.account.User;
import dev.laurel.platform.ClusterLock;
import dev.laurel.platform.Problem;
import dev.laurel.platform.Roles;
import dev.laurel.platform.WorkerQueue;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Scoring a batch with a reward model on request ({@code POST /api/reward-models/{id}/score}). Scoring loads the
 * model with DJL, so the process that received the request only writes it down ({@link #submit}) and waits a bounded
 * time for its outcome ({@link #await}); a worker-role process claims it, scores it and stores the rewards (DONE)
 * or the reason it could not (FAILED). In the embedded default the same process is the worker and is woken at once.
 * Run by {@link WorkerQueue}, like the validation of uploads: the table is the queue, a claim is a conditional update,
 * a claim whose worker died is taken over, a request that stopped its worker {@value #MAX_ATTEMPTS} times fails.
 */
@ApplicationScoped
public class ScoreRequests implements WorkerQueue.Work<ScoreRequests.Claim> {
    static final int MAX_ATTEMPTS = 3;
    /** The longest prompt or reply a request keeps (the columns' size); the encoders cut far shorter texts anyway. */
    static final int MAX_TEXT = 100_000;

    private final RewardModels models;
    private final RewardModelConfig config;
    private final EntityManager em;
    private final ClusterLock lock;
    private final WorkerQueue<Claim> queue;

    ScoreRequests(Roles roles, RewardModels models, RewardModelConfig config, EntityManager em, ClusterLock lock) {
        this.models = models;
        this.config = config;
        this.em = em;
        this.lock = lock;
        this.queue = new WorkerQueue<>("reward-scoring", MAX_ATTEMPTS, roles, this);
    }

    /** A claimed request: the model's stored artifact and the how-manieth claim this is. */
    record Claim(long requestId, long modelId, String artifact, int attempt) implements WorkerQueue.Claim {
    }

    /** A request as its caller sees it: rewards once DONE, the reason once FAILED. */
    public record Outcome(long id, ScoreRequest.Status status, long modelId, int version, List<Double> rewards, String reason) {
    }

    /**
     * Checks the batch and writes it down for a worker; 400 with every bad item named, 404 unless the model is the
     * caller's team's (or the caller an admin). Nothing is loaded here.
     */
    public long submit(User user, long modelId, List<RewardModels.Reply> replies) {
        RewardModel model = QuarkusTransaction.requiringNew().call(() -> models.visible(user, modelId));
        if (replies == null || replies.isEmpty()) {
            throw Problem.badRequest("Send at least one item: {\"items\": [{\"prompt\": ..., \"reply\": ...}]}.");
        }
        if (replies.size() > config.maxScoreBatch()) {
            throw Problem.badRequest("At most " + config.maxScoreBatch() + " items per request; split the batch.");
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            RewardModels.Reply r = replies.get(i);
            if (r == null || r.prompt() == null || r.prompt().isBlank() || r.reply() == null || r.reply().isBlank()) {
                errors.add("Item " + i + ": 'prompt' and 'reply' are both required.");
            } else if (r.prompt().length() > MAX_TEXT || r.reply().length() > MAX_TEXT) {
                errors.add("Item " + i + ": 'prompt' and 'reply' may have at most " + MAX_TEXT + " characters each.");
            }
        }
        if (!errors.isEmpty()) {
            throw new Problem(400, "Invalid request", errors.get(0), errors);
        }
        long id = QuarkusTransaction.requiringNew().call(() -> {
            ScoreRequest request = new ScoreRequest();
            request.modelId = model.id;
            request.requestedBy = user.id;
            request.itemCount = replies.size();
            request.status = ScoreRequest.Status.WAITING;
            request.createdAt = Instant.now();
            request.persist();
            request.flush();
            for (int i = 0; i < replies.size(); i++) {
                em.createNativeQuery("insert into score_request_item (request_id, position, prompt, reply) values (?1, ?2, ?3, ?4)")
                        .setParameter(1, request.id).setParameter(2, i)
                        .setParameter(3, replies.get(i).prompt()).setParameter(4, replies.get(i).reply()).executeUpdate();
            }
            return request.id;
        });
        queue.wake(); // at once when this process is a worker too; otherwise a worker's poll finds it
        return id;
    }

    /**
     * The request's outcome once it is DONE or FAILED, waiting at most {@code wait} for it (polling its row: the worker
     * may be another process); WAITING when the time is up.
     */
    public Outcome await(User user, long modelId, long requestId, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 20;
        while (true) {
            Outcome outcome = outcome(user, modelId, requestId);
            long left = deadline - System.nanoTime();
            if (outcome.status() != ScoreRequest.Status.WAITING || left <= 0) {
                return outcome;
            }
            try {
                Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
            pause = Math.min(250, pause * 2);
        }
    }

    /** The request as it is now; 404 unless both it and its model are visible to the caller. */
    public Outcome outcome(User user, long modelId, long requestId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            RewardModel model = models.visible(user, modelId);
            ScoreRequest request = ScoreRequest.findById(requestId);
            if (request == null || request.modelId != model.id) {
                throw Problem.notFound("Scoring request " + requestId + " of reward model " + modelId
                        + " does not exist (finished requests are kept for " + config.scoreKeep().toMinutes() + " minutes).");
            }
            return new Outcome(request.id, request.status, model.id, model.version, parse(request.rewards), request.reason);
        });
    }

    @Scheduled(every = "${laurel.rewardmodel.score-poll:500ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        queue.wake();
    }

    /** Scores one waiting request here and now, whatever this process' roles: for a test that plays the worker. */
    boolean scoreNow(long requestId) {
        return queue.runNow(requestId);
    }

    /** Finished requests are of no use once their caller has read them: one process deletes the old ones. */
    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void prune() {
        lock.runExclusively("score-request-prune", () -> QuarkusTransaction.requiringNew().run(() ->
                ScoreRequest.delete("finishedAt < ?1", Instant.now().minus(config.scoreKeep()))));
    }

    @Override
    public Optional<Claim> claim(Long only) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            Instant stale = now.minus(config.scoreLease());
            List<ScoreRequest> waiting = only != null
                    ? ScoreRequest.<ScoreRequest>list("id = ?1 and status = ?2", only, ScoreRequest.Status.WAITING)
                    : ScoreRequest.<ScoreRequest>find("status = ?1 and (claimedAt is null or claimedAt < ?2)", Sort.by("id"),
                            ScoreRequest.Status.WAITING, stale).page(0, 5).list();
            for (ScoreRequest request : waiting) {
                // conditional: of two workers reading the same row, one claims it
                int claimed = ScoreRequest.update("claimedAt = ?1, attempts = attempts + 1 where id = ?2 and status = ?3 "
                                + "and (claimedAt is null or claimedAt < ?4)", now, request.id, ScoreRequest.Status.WAITING,
                        only != null ? now.plusSeconds(1) : stale);
                if (claimed == 1) {
                    RewardModel model = RewardModel.findById(request.modelId);
                    return Optional.of(new Claim(request.id, request.modelId, model.artifact, request.attempts + 1));
                }
            }
            return Optional.<Claim>empty();
        });
    }

    @Override
    public void giveUp(Claim claim, int attempts) {
        finish(claim, null, "Scoring was started " + attempts + " times and never finished: reward model " + claim.modelId()
                + " stops the worker that loads it (too large for its memory, or it crashes the engine).");
    }

    /** Scores one request with its model, then records the rewards or the reason; false if it could not tell. */
    @Override
    public boolean process(Claim claim) {
        List<RewardScorer.Item> items;
        try {
            items = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("select prompt, reply from score_request_item where request_id = ?1 "
                        + "order by position").setParameter(1, claim.requestId()).getResultList();
                return rows.stream().map(row -> new RewardScorer.Item((String) row[0], (String) row[1])).toList();
            });
        } catch (RuntimeException e) {
            // not the request's fault (the database gone): the claim goes stale and is retried
            Log.warnf(e, "Scoring request %d could not be read now", claim.requestId());
            return false;
        }
        Log.infof("Scoring request %d: %d items with reward model %d (attempt %d)", claim.requestId(), items.size(),
                claim.modelId(), claim.attempt());
        float[] rewards;
        try {
            rewards = models.score(claim.artifact(), items);
        } catch (RuntimeException e) {
            finish(claim, null, "Reward model " + claim.modelId() + " could not score these items ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ").");
            return true;
        }
        finish(claim, rewards, null);
        return true;
    }

    /** Records DONE (with the rewards) or FAILED (with the reason). */
    private void finish(Claim claim, float[] rewards, String reason) {
        Instant now = Instant.now();
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> rewards != null
                ? ScoreRequest.update("status = ?1, rewards = ?2, reason = null, claimedAt = null, finishedAt = ?3 "
                        + "where id = ?4 and status = ?5", ScoreRequest.Status.DONE, format(rewards), now, claim.requestId(),
                        ScoreRequest.Status.WAITING) == 1
                : ScoreRequest.update("status = ?1, reason = ?2, claimedAt = null, finishedAt = ?3 where id = ?4 and status = ?5",
                        ScoreRequest.Status.FAILED, WorkerQueue.reason(reason), now, claim.requestId(),
                        ScoreRequest.Status.WAITING) == 1);
        if (recorded) {
            Log.infof("Scoring request %d is %s%s", claim.requestId(), rewards != null ? "DONE" : "FAILED",
                    rewards != null ? "" : ": " + reason);
        }
    }

    /** {@code [0.5, -1.25]}: exact enough to give back every float as it was. */
    static String format(float[] rewards) {
        StringJoiner joined = new StringJoiner(",", "[", "]");
        for (float reward : rewards) {
            joined.add(Float.isFinite(reward) ? Float.toString(reward) : "null");
        }
        return joined.toString();
    }

    static List<Double> parse(String rewards) {
        if (rewards == null) {
            return null;
        }
        String inner = rewards.substring(1, rewards.length() - 1).strip();
        List<Double> values = new ArrayList<>();
        if (inner.isEmpty()) {
            return values;
        }
        for (String value : inner.split(",")) {
            values.add(value.equals("null") ? null : (double) Float.parseFloat(value));
        }
        return values;
    }

    void onStop(@Observes ShutdownEvent event) {
        queue.close();
    }
}
