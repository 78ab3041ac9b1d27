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
 */
@ApplicationScoped
class RewardModelUncertainty implements PairUncertainty {
    private final RewardScorer scorer;
    private final Candidates candidates;

    RewardModelUncertainty(RewardScorer scorer, Candidates candidates) {
        this.scorer = scorer;
        this.candidates = candidates;
    }

    @Override
    public Optional<double[]> of(Campaign campaign, long promptId, List<ReplyPair> pairs) {
        Prompt prompt = Prompt.findById(promptId);
        List<Long> ids = new ArrayList<>();
        pairs.forEach(p -> {
            ids.add(p.a().generationId());
            ids.add(p.b().generationId());
        });
        Map<Long, String> texts = candidates.texts(ids);
        List<RewardScorer.Pair> asked = pairs.stream()
                .map(p -> new RewardScorer.Pair(prompt.text, texts.get(p.a().generationId()), texts.get(p.b().generationId())))
                .toList();
        return scorer.judge(campaign.teamId, asked)
                .map(judgements -> judgements.stream().mapToDouble(j -> 1 - 2 * j.certainty()).toArray());
    }
}
