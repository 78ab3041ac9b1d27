package dev.laurel.rewardmodel;

import dev.laurel.account.User;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pre-scores new generations with the team's active reward model and keeps the score (one row per
 * generation and model version, a unique key). Meant for the {@code generation.completed} consumer:
 * a redelivered event finds the rows and scores nothing again.
 */
@ApplicationScoped
public class GenerationScores {
    private final RewardScorer scorer;
    private final RewardModels models;
    private final Campaigns campaigns;
    private final Candidates candidates;

    GenerationScores(RewardScorer scorer, RewardModels models, Campaigns campaigns, Candidates candidates) {
        this.scorer = scorer;
        this.models = models;
        this.campaigns = campaigns;
        this.candidates = candidates;
    }

    /** A stored reply to score: where it belongs, its prompt and its text. */
    public record NewReply(long generationId, long campaignId, long candidateId, long promptId, String prompt, String reply) {
    }

    /**
     * Scores the replies the team's active model has not scored yet, in batches, and stores the rewards;
     * returns the rows of the model that scored them (stored now or before), or empty when the team has
     * no active model. The embedding and forward pass run outside any transaction.
     */
    public Optional<List<GenerationReward>> preScore(long teamId, List<NewReply> replies) {
        Optional<RewardModel> active = models.activeModel(teamId);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        Set<Long> scored = QuarkusTransaction.requiringNew().call(() -> scoredBy(active.get().id, replies));
        List<NewReply> fresh = replies.stream().filter(r -> !scored.contains(r.generationId())).toList();
        long modelId = active.get().id;
        if (!fresh.isEmpty()) {
            Optional<RewardScorer.Rewards> rewards = scorer.rewards(teamId,
                    fresh.stream().map(r -> new RewardScorer.Item(r.prompt(), r.reply())).toList());
            if (rewards.isEmpty()) {
                return Optional.empty(); // deactivated meanwhile
            }
            modelId = rewards.get().modelId(); // another version may have been activated meanwhile: rows name it
            store(rewards.get(), fresh);
        }
        long scoredBy = modelId;
        List<Long> ids = replies.stream().map(NewReply::generationId).toList();
        return Optional.of(QuarkusTransaction.requiringNew().call(() ->
                GenerationReward.list("modelId = ?1 and generationId in ?2", Sort.by("generationId"), scoredBy, ids)));
    }

    /** Scores one reply; see {@link #preScore(long, List)}. */
    public Optional<GenerationReward> preScore(long teamId, NewReply reply) {
        return preScore(teamId, List.of(reply)).flatMap(rows -> rows.stream().findFirst());
    }

    private Set<Long> scoredBy(long modelId, List<NewReply> replies) {
        if (replies.isEmpty()) {
            return Set.of();
        }
        List<Long> ids = replies.stream().map(NewReply::generationId).toList();
        return new HashSet<>(GenerationReward.<GenerationReward>list("modelId = ?1 and generationId in ?2", modelId, ids)
                .stream().map(r -> r.generationId).toList());
    }

    private void store(RewardScorer.Rewards rewards, List<NewReply> replies) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Set<Long> existing = scoredBy(rewards.modelId(), replies); // scored by a concurrent delivery meanwhile?
                Instant now = Instant.now();
                for (int i = 0; i < replies.size(); i++) {
                    NewReply reply = replies.get(i);
                    if (existing.contains(reply.generationId())) {
                        continue;
                    }
                    GenerationReward row = new GenerationReward();
                    row.generationId = reply.generationId();
                    row.campaignId = reply.campaignId();
                    row.candidateId = reply.candidateId();
                    row.promptId = reply.promptId();
                    row.modelId = rewards.modelId();
                    row.reward = rewards.values()[i];
                    row.scoredAt = now;
                    row.persist();
                }
            });
        } catch (PersistenceException | io.quarkus.narayana.jta.QuarkusTransactionException e) {
            // another delivery of the same event stored them first (unique generation, model): same scores
            io.quarkus.logging.Log.debugf("Pre-scores already stored by a concurrent delivery: %s", e.getMessage());
        }
    }

    /** A candidate's pre-scores in a campaign by one model version. */
    public record CandidateRewards(long candidateId, String candidate, long modelId, int version, boolean active, long scored,
                                   double meanReward, double minReward, double maxReward) {
    }

    /** One pre-score; {@code text} only where asked for (the page's lowest-scored replies). */
    public record ScoredReply(long generationId, long candidateId, String candidate, String promptId, long modelId, int version,
                              double reward, Instant scoredAt, String text) {
    }

    /**
     * A campaign's pre-scores: per candidate and model version (newest version first), and one page of
     * the scored replies.
     *
     * @param activeVersion the team's active reward model, which scores new replies; null when none is
     */
    public record CampaignRewards(long campaignId, Long activeModelId, Integer activeVersion, List<CandidateRewards> candidates,
                                  List<ScoredReply> replies) {
    }

    /** How to page the replies: by generation (every version's score), or the newest version's lowest rewards with their texts. */
    public enum Order {
        GENERATION, LOWEST
    }

    @Transactional
    public CampaignRewards campaign(User user, long campaignId, Order order, int page, int size) {
        Campaign campaign = campaigns.managed(user, campaignId);
        Optional<RewardModel> active = models.active(campaign.teamId);
        List<Object[]> groups = GenerationReward.getEntityManager().createQuery("""
                        select r.candidateId, r.modelId, count(r), avg(r.reward), min(r.reward), max(r.reward)
                        from GenerationReward r where r.campaignId = ?1
                        group by r.candidateId, r.modelId order by r.modelId desc, r.candidateId""", Object[].class)
                .setParameter(1, campaignId).getResultList();
        Set<Long> candidateIds = new LinkedHashSet<>();
        Map<Long, Integer> versions = new HashMap<>();
        for (Object[] g : groups) {
            candidateIds.add((Long) g[0]);
            versions.computeIfAbsent((Long) g[1], id -> RewardModel.<RewardModel>findByIdOptional(id).map(m -> m.version).orElse(0));
        }
        Map<Long, String> names = candidates.names(candidateIds);
        List<CandidateRewards> summary = groups.stream().map(g -> new CandidateRewards((Long) g[0],
                names.getOrDefault((Long) g[0], "?"), (Long) g[1], versions.get((Long) g[1]),
                active.map(m -> m.id.equals(g[1])).orElse(false), ((Number) g[2]).longValue(), ((Number) g[3]).doubleValue(),
                ((Number) g[4]).doubleValue(), ((Number) g[5]).doubleValue())).toList();
        List<GenerationReward> rows;
        if (order == Order.LOWEST) {
            rows = summary.isEmpty() ? List.of() : GenerationReward.<GenerationReward>find("campaignId = ?1 and modelId = ?2",
                    Sort.by("reward").and("generationId"), campaignId, summary.get(0).modelId()).page(page, size).list();
        } else {
            rows = GenerationReward.<GenerationReward>find("campaignId", Sort.by("generationId").and("modelId", Sort.Direction.Descending),
                    campaignId).page(page, size).list();
        }
        Map<Long, Prompt> prompts = campaigns.prompts(rows.stream().map(r -> r.promptId).toList());
        Map<Long, String> texts = order == Order.LOWEST ? candidates.texts(rows.stream().map(r -> r.generationId).toList()) : Map.of();
        List<ScoredReply> replies = new ArrayList<>(rows.size());
        for (GenerationReward r : rows) {
            Prompt prompt = prompts.get(r.promptId);
            replies.add(new ScoredReply(r.generationId, r.candidateId, names.getOrDefault(r.candidateId, "?"),
                    prompt == null ? null : prompt.externalId, r.modelId, versions.getOrDefault(r.modelId, 0), r.reward,
                    r.scoredAt, texts.get(r.generationId)));
        }
        return new CampaignRewards(campaignId, active.map(m -> m.id).orElse(null), active.map(m -> m.version).orElse(null),
                summary, replies);
    }

    /** Every stored score of a generation, newest model version first. */
    public List<GenerationReward> of(long generationId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                GenerationReward.list("generationId", Sort.descending("modelId"), generationId));
    }
}
