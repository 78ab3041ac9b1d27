package dev.laurel.rewardmodel;

import dev.laurel.account.Role;
import dev.laurel.account.User;
import dev.laurel.platform.Problem;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Trained reward models: versions per team, which one is active, and scoring replies with one. */
@ApplicationScoped
public class RewardModels {
    /** Loaded heads are small (a few hundred kB) but hold native memory: keep a few. */
    private static final int LOADED = 8;

    private final TrainingJobs jobs;
    private final Embeddings embeddings;
    private final RewardModelConfig config;
    private final Map<String, RewardHead> loaded = new LinkedHashMap<>(16, 0.75f, true);

    RewardModels(TrainingJobs jobs, Embeddings embeddings, RewardModelConfig config) {
        this.jobs = jobs;
        this.embeddings = embeddings;
        this.config = config;
    }

    public record Reply(String prompt, String reply) {
    }

    public List<RewardModel> visibleTo(User user) {
        return Role.ADMIN.equals(user.role) ? RewardModel.listAll(Sort.by("id"))
                : RewardModel.list("teamId", Sort.by("version"), user.teamId);
    }

    public RewardModel visible(User user, long id) {
        RewardModel model = RewardModel.findById(id);
        if (model == null || !(Role.ADMIN.equals(user.role) || (user.teamId != null && model.teamId == user.teamId))) {
            throw Problem.notFound("Reward model " + id + " does not exist.");
        }
        return model;
    }

    /** The team's active model, which other features (pair selection, pre-scoring) use. */
    public Optional<RewardModel> active(long teamId) {
        return RewardModel.find("teamId = ?1 and active = true", teamId).firstResultOptional();
    }

    /** Makes the model its team's active one; the previously active one is switched off. */
    @Transactional
    public RewardModel activate(User user, long id) {
        RewardModel model = visible(user, id);
        RewardModel.update("active = false where teamId = ?1 and id <> ?2", model.teamId, model.id);
        model.active = true;
        return model;
    }

    /** One reward per reply; higher means more likely to be preferred for its prompt. */
    public float[] score(User user, long id, List<Reply> replies) {
        RewardModel model = visible(user, id);
        if (replies == null || replies.isEmpty()) {
            throw Problem.badRequest("Send at least one item: {\"items\": [{\"prompt\": ..., \"reply\": ...}]}.");
        }
        if (replies.size() > config.maxScoreBatch()) {
            throw Problem.badRequest("At most " + config.maxScoreBatch() + " items per request; split the batch.");
        }
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            Reply r = replies.get(i);
            if (r == null || r.prompt() == null || r.prompt().isBlank() || r.reply() == null || r.reply().isBlank()) {
                errors.add("Item " + i + ": 'prompt' and 'reply' are both required.");
            }
        }
        if (!errors.isEmpty()) {
            throw new Problem(400, "Invalid request", errors.get(0), errors);
        }
        List<String> texts = new ArrayList<>(2 * replies.size());
        replies.forEach(r -> texts.add(r.prompt()));
        replies.forEach(r -> texts.add(r.reply()));
        float[][] vectors = embeddings.embed(texts);
        int n = replies.size();
        float[][] prompts = java.util.Arrays.copyOfRange(vectors, 0, n);
        float[][] answers = java.util.Arrays.copyOfRange(vectors, n, 2 * n);
        synchronized (this) { // an evicted head is closed: never while it scores
            return head(model.artifact).score(prompts, answers);
        }
    }

    private synchronized RewardHead head(String artifact) {
        RewardHead head = loaded.get(artifact);
        if (head == null) {
            ArtifactStore.StoredModel stored = jobs.store().readModel(artifact);
            @SuppressWarnings("unchecked")
            Map<String, Object> shape = (Map<String, Object>) stored.manifest().get("architecture");
            RewardHead.Architecture architecture = new RewardHead.Architecture(
                    ((Number) shape.get("embeddingSize")).intValue(), ((Number) shape.get("hiddenSize")).intValue(),
                    ((Number) shape.get("dropout")).floatValue());
            head = RewardHead.load(stored.parameters(), architecture);
            loaded.put(artifact, head);
            if (loaded.size() > LOADED) {
                var eldest = loaded.entrySet().iterator().next();
                eldest.getValue().close();
                loaded.remove(eldest.getKey());
            }
        }
        return head;
    }

    @PreDestroy
    synchronized void close() {
        loaded.values().forEach(RewardHead::close);
        loaded.clear();
    }
}
