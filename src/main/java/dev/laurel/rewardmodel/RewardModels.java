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

/** Trained reward models: versions per team, which one is active, and scoring replies with one (in a worker). */
@ApplicationScoped
public class RewardModels implements RewardScorer {
    /** Loaded heads are small (a few hundred kB) but hold native memory: keep a few. */
    private static final int LOADED = 8;

    private final TrainingJobs jobs;
    private final Embeddings embeddings;
    private final RewardModelConfig config;
    private final Map<String, AutoCloseable> loaded = new LinkedHashMap<>(16, 0.75f, true);

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

    @Override
    public Optional<Rewards> rewards(long teamId, List<Item> items) {
        Optional<RewardModel> model = activeModel(teamId);
        return model.map(m -> new Rewards(m.id, m.version, score(m.artifact, items)));
    }

    /**
     * Rewards of one stored model, whichever kind it is, in batches; one per item, higher means more likely to be
     * preferred for its prompt. Loads the model: worker-role processes only ({@link ScoreRequests}, pre-scoring).
     */
    float[] score(String artifact, List<Item> items) {
        if (scorer(artifact) instanceof TextRewards) {
            int batch = config.maxScoreBatch();
            float[] out = new float[items.size()];
            for (int start = 0; start < items.size(); start += batch) {
                List<Item> part = items.subList(start, Math.min(items.size(), start + batch));
                float[] rewards;
                synchronized (this) { // an evicted scorer is closed: never while it scores
                    rewards = ((TextRewards) scorer(artifact)).score(part.stream().map(Item::prompt).toList(),
                            part.stream().map(Item::reply).toList());
                }
                System.arraycopy(rewards, 0, out, start, rewards.length);
            }
            return out;
        }
        Map<String, Integer> promptIndex = new LinkedHashMap<>();
        Map<String, Integer> replyIndex = new LinkedHashMap<>();
        for (Item item : items) {
            promptIndex.putIfAbsent(item.prompt(), promptIndex.size());
            replyIndex.putIfAbsent(item.reply(), replyIndex.size());
        }
        // each distinct text once; a prompt by its end (the latest turns), a reply by its start
        float[][] promptVectors = embeddings.embedPrompts(new ArrayList<>(promptIndex.keySet()));
        float[][] replyVectors = embeddings.embed(new ArrayList<>(replyIndex.keySet()));
        float[][] prompts = new float[items.size()][];
        float[][] replies = new float[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            prompts[i] = promptVectors[promptIndex.get(items.get(i).prompt())];
            replies[i] = replyVectors[replyIndex.get(items.get(i).reply())];
        }
        return scoreInBatches(artifact, prompts, replies);
    }

    @Override
    public Optional<List<Judgement>> judge(long teamId, List<Pair> pairs) {
        List<Item> items = new ArrayList<>(2 * pairs.size());
        for (Pair pair : pairs) {
            items.add(new Item(pair.prompt(), pair.replyA()));
            items.add(new Item(pair.prompt(), pair.replyB()));
        }
        return rewards(teamId, items).map(rewards -> {
            List<Judgement> judgements = new ArrayList<>(pairs.size());
            for (int i = 0; i < pairs.size(); i++) {
                judgements.add(Judgement.of(rewards.modelId(), rewards.values()[2 * i], rewards.values()[2 * i + 1]));
            }
            return judgements;
        });
    }

    /** Callers (event consumers, pair selection) may run outside a transaction: read in one of our own. */
    Optional<RewardModel> activeModel(long teamId) {
        return io.quarkus.narayana.jta.QuarkusTransaction.joiningExisting().call(() -> active(teamId));
    }

    /** The head in chunks of the scoring batch size: bounded native memory per forward pass. */
    private float[] scoreInBatches(String artifact, float[][] prompts, float[][] replies) {
        int batch = config.maxScoreBatch();
        float[] out = new float[prompts.length];
        for (int start = 0; start < prompts.length; start += batch) {
            int end = Math.min(prompts.length, start + batch);
            float[] part;
            synchronized (this) { // an evicted head is closed: never while it scores
                part = ((RewardHead) scorer(artifact)).score(java.util.Arrays.copyOfRange(prompts, start, end),
                        java.util.Arrays.copyOfRange(replies, start, end));
            }
            System.arraycopy(part, 0, out, start, part.length);
        }
        return out;
    }

    /** Loads a model's head ahead of its first use; nothing happens if it is loaded, gone or unreadable. */
    public void preload(long modelId) {
        String artifact = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> {
            RewardModel model = RewardModel.findById(modelId);
            return model == null ? null : model.artifact;
        });
        if (artifact == null) {
            return;
        }
        try {
            scorer(artifact);
        } catch (RuntimeException e) {
            io.quarkus.logging.Log.warnf("Reward model %d could not be loaded ahead of use: %s", modelId, e.getMessage());
        }
    }

    /**
     * The loaded model of an artifact: a {@link RewardHead}, or for a fine-tuned full scorer a {@link TextScorer}, or
     * for an end-to-end model its fine-tuned encoder with its head ({@link EndToEndRewardModel}).
     */
    private synchronized AutoCloseable scorer(String artifact) {
        AutoCloseable scorer = loaded.get(artifact);
        if (scorer == null) {
            ArtifactStore.StoredModel stored = jobs.store().readModel(artifact);
            @SuppressWarnings("unchecked")
            Map<String, Object> shape = (Map<String, Object>) stored.manifest().get("architecture");
            if (EndToEndRewardModel.FORMAT.equals(stored.manifest().get("format"))) {
                scorer = EndToEndRewardModel.load(stored.parameters(), EndToEndRewardModel.Architecture.fromManifest(shape));
            } else if (TextScorer.FORMAT.equals(stored.manifest().get("format"))) {
                scorer = TextScorer.open(stored.parameters(), TextScorer.Architecture.fromManifest(shape));
            } else {
                scorer = RewardHead.load(stored.parameters(), new RewardHead.Architecture(
                        ((Number) shape.get("embeddingSize")).intValue(), ((Number) shape.get("hiddenSize")).intValue(),
                        ((Number) shape.get("dropout")).floatValue()));
            }
            loaded.put(artifact, scorer);
            if (loaded.size() > LOADED) {
                var eldest = loaded.entrySet().iterator().next();
                close(eldest.getValue());
                loaded.remove(eldest.getKey());
            }
        }
        return scorer;
    }

    private static void close(AutoCloseable scorer) {
        try {
            scorer.close();
        } catch (Exception e) {
            io.quarkus.logging.Log.warnf("Closing a reward model failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    synchronized void close() {
        loaded.values().forEach(RewardModels::close);
        loaded.clear();
    }
}
