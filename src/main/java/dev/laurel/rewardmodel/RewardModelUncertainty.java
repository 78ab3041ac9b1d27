package dev.laurel.rewardmodel;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.task.PairUncertainty;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The team's active reward model's view for pair selection: 1 − 2·|σ(r_a − r_b) − ½|, i.e. 1 when the
 * model cannot call the pair and 0 when it is certain. Labelers then spend their votes where the
 * reward model would learn most. Empty when the team has no active model.
 * <p>Pair selection runs wherever the task factory does, web pods included, and scoring loads DJL: a process without
 * the worker role ({@link ScoringRole}) reads the rewards the worker stored when it pre-scored the replies instead
 * (a pair with a reply not scored yet counts as one the model cannot call; none scored: no view).
 */
@ApplicationScoped
class RewardModelUncertainty implements PairUncertainty {
    private final RewardScorer scorer;
    private final Candidates candidates;
    private final RewardModels models;
    private final ScoringRole role;

    RewardModelUncertainty(RewardScorer scorer, Candidates candidates, RewardModels models, ScoringRole role) {
        this.scorer = scorer;
        this.candidates = candidates;
        this.models = models;
        this.role = role;
    }

    @Override
    public Optional<double[]> of(Campaign campaign, long promptId, List<ReplyPair> pairs) {
        if (!role.mayScore()) {
            return stored(campaign, pairs);
        }
        Prompt prompt = Prompt.findById(promptId);
        List<Long> ids = new ArrayList<>();
        pairs.forEach(p -> {
            ids.add(p.a().generationId());
            ids.add(p.b().generationId());
        });
        Map<Long, String> texts = candidates.texts(ids);
        List<RewardScorer.Pair> asked = pairs.stream()
                .map(p -> new RewardScorer.Pair(prompt.transcript(), texts.get(p.a().generationId()), texts.get(p.b().generationId())))
                .toList();
        return scorer.judge(campaign.teamId, asked)
                .map(judgements -> judgements.stream().mapToDouble(j -> 1 - 2 * j.certainty()).toArray());
    }

    /** The view from the active model's stored pre-scores: no model is loaded. */
    private Optional<double[]> stored(Campaign campaign, List<ReplyPair> pairs) {
        Optional<RewardModel> active = models.activeModel(campaign.teamId);
        if (active.isEmpty()) {
            return Optional.empty();
        }
        long modelId = active.get().id;
        List<Long> ids = new ArrayList<>();
        pairs.forEach(p -> {
            ids.add(p.a().generationId());
            ids.add(p.b().generationId());
        });
        Map<Long, Double> rewards = new java.util.HashMap<>();
        GenerationReward.<GenerationReward>list("modelId = ?1 and generationId in ?2", modelId, ids)
                .forEach(r -> rewards.put(r.generationId, r.reward));
        if (rewards.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(pairs.stream().mapToDouble(p -> {
            Double a = rewards.get(p.a().generationId());
            Double b = rewards.get(p.b().generationId());
            return a == null || b == null ? 1
                    : 1 - 2 * RewardScorer.Judgement.of(modelId, a.floatValue(), b.floatValue()).certainty();
        }).toArray());
    }
}
