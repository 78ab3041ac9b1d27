package dev.laurel.rewardmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.model.GenerationCompleted;
import dev.laurel.platform.Channels;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code generation.completed} on its own queue and pre-scores the batch's replies with the
 * campaign team's active reward model. Idempotent without a ledger of processed events: a reply
 * already scored by that model version is skipped (unique (generation, model) rows), so a
 * redelivered event scores nothing again; a newer active version scores it beside the old score.
 */
@ApplicationScoped
public class GenerationPreScoring {
    private final GenerationScores scores;
    private final RewardModels models;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final ObjectMapper json;

    GenerationPreScoring(GenerationScores scores, RewardModels models, Campaigns campaigns, Candidates candidates,
                         ObjectMapper json) {
        this.scores = scores;
        this.models = models;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.json = json;
    }

    @Incoming(Channels.GENERATION_REWARDS)
    @Blocking
    public void onCompleted(String payload) {
        GenerationCompleted event;
        try {
            event = json.readValue(payload, GenerationCompleted.class);
        } catch (JsonProcessingException e) {
            Log.errorf("Ignoring unreadable GenerationCompleted event: %s", e.getOriginalMessage());
            return;
        }
        try {
            apply(event);
        } catch (RuntimeException e) {
            // best effort: a model that cannot load must not requeue the event forever; the reply stays unscored
            Log.warnf(e, "Pre-scoring generation batch %s failed", event.eventId());
        }
    }

    /** Scores the batch's stored replies; returns the active model's scores of them, none without an active model. */
    public List<GenerationReward> apply(GenerationCompleted event) {
        Campaign campaign = QuarkusTransaction.requiringNew().call(() ->
                campaigns.exists(event.campaignId()) ? campaigns.campaign(event.campaignId()) : null);
        if (campaign == null || models.activeModel(campaign.teamId).isEmpty()) {
            return List.of(); // checked first: no texts are read for a team without a reward model
        }
        List<GenerationScores.NewReply> replies = QuarkusTransaction.requiringNew().call(() -> {
            List<Candidates.StoredReply> stored = candidates.repliesOf(event.candidateId(), event.promptIds());
            Map<Long, Prompt> prompts = campaigns.prompts(event.promptIds());
            return stored.stream().map(r -> new GenerationScores.NewReply(r.generationId(), event.campaignId(),
                    event.candidateId(), r.promptId(), prompts.get(r.promptId()).text, r.text())).toList();
        });
        return scores.preScore(campaign.teamId, replies).orElse(List.of());
    }
}
