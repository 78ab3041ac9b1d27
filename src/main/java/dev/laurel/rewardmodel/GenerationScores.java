package dev.laurel.rewardmodel;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pre-scores new generations with the team's active reward model and keeps the score (one row per
 * generation and model version). Meant for the {@code generation.completed} consumer: a redelivered
 * event finds the row and scores nothing again.
 */
@ApplicationScoped
public class GenerationScores {
    private final RewardScorer scorer;

    GenerationScores(RewardScorer scorer) {
        this.scorer = scorer;
    }

    /**
     * Scores the generation with the team's active model and stores the reward; empty when the team
     * has no active model. The embedding and forward pass run outside any transaction.
     */
    public Optional<GenerationReward> preScore(long generationId, long teamId, String prompt, String reply) {
        Optional<RewardScorer.Rewards> rewards = scorer.rewards(teamId, List.of(new RewardScorer.Item(prompt, reply)));
        if (rewards.isEmpty()) {
            return Optional.empty();
        }
        long modelId = rewards.get().modelId();
        double reward = rewards.get().values()[0];
        return Optional.of(QuarkusTransaction.requiringNew().call(() -> {
            GenerationReward existing = GenerationReward.find("generationId = ?1 and modelId = ?2", generationId, modelId)
                    .firstResult();
            if (existing != null) {
                return existing;
            }
            GenerationReward row = new GenerationReward();
            row.generationId = generationId;
            row.modelId = modelId;
            row.reward = reward;
            row.scoredAt = Instant.now();
            row.persist();
            return row;
        }));
    }

    /** Every stored score of a generation, newest model version first. */
    public List<GenerationReward> of(long generationId) {
        return QuarkusTransaction.joiningExisting().call(() ->
                GenerationReward.list("generationId", Sort.descending("modelId"), generationId));
    }
}
