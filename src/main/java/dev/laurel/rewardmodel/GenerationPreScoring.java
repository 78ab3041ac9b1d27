package dev.laurel.rewardmodel;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.campaign.Prompt;
import dev.laurel.model.Candidates;
import dev.laurel.model.GenerationCompleted;
import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import dev.laurel.platform.InvalidEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code generation.completed} on its own queue and pre-scores the batch's replies with the
 * campaign team's active reward model. Worker-role processes only ({@link ScoringRole}): scoring loads DJL. Idempotent without a ledger of processed events: a reply
 * already scored by that model version is skipped (unique (generation, model) rows), so a
 * redelivered event scores nothing again; a newer active version scores it beside the old score.
 */
@ApplicationScoped
public class GenerationPreScoring {
    private final GenerationScores scores;
    private final RewardModels models;
    private final Campaigns campaigns;
    private final Candidates candidates;
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<GenerationCompleted> completed;

    GenerationPreScoring(GenerationScores scores, RewardModels models, Campaigns campaigns, Candidates candidates,
                         EventConsumers consumers, ScoringRole role) {
        this.scores = scores;
        this.models = models;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.consumers = consumers;
        // best effort: a batch whose scoring fails (a model that cannot load) is parked with the reason at once,
        // never requeued forever; its replies stay unscored until an admin puts it back
        this.completed = new EventConsumers.Subscription<>("generation-prescoring", Channels.GENERATION_COMPLETED_OUT,
                GenerationCompleted.class, GenerationCompleted::campaignId, event -> {
                    if (!role.mayScore()) {
                        return; // in-process delivery to a process that is not a worker: it loads no model (ScoringRole)
                    }
                    try {
                        apply(event);
                    } catch (RuntimeException e) {
                        throw new InvalidEvent("Pre-scoring failed: " + e);
                    }
                });
    }

    @Incoming(Channels.GENERATION_REWARDS)
    public CompletionStage<Void> onCompleted(Message<?> message) {
        return consumers.deliver(completed, message);
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
                    event.candidateId(), r.promptId(), prompts.get(r.promptId()).transcript(), r.text())).toList();
        });
        return scores.preScore(campaign.teamId, replies).orElse(List.of());
    }
}
