package dev.laurel.task;

import dev.laurel.campaign.Campaign;
import dev.laurel.campaign.Campaigns;
import dev.laurel.model.Candidates;
import dev.laurel.model.GenerationCompleted;
import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import dev.laurel.platform.ProcessedEvents;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Turns stored generations into tasks: each prompt of a completed batch whose replies are all in is
 * paired. Idempotent twice over: the event id is recorded, and pairing skips pairs that exist.
 */
@ApplicationScoped
public class GeneratedReplies {
    private static final String CONSUMER = "task-factory-generations";

    private final TaskFactory factory;
    private final Candidates candidates;
    private final Campaigns campaigns;
    private final ProcessedEvents processed;
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<GenerationCompleted> completed;

    GeneratedReplies(TaskFactory factory, Candidates candidates, Campaigns campaigns, ProcessedEvents processed,
                     EventConsumers consumers) {
        this.factory = factory;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.processed = processed;
        this.consumers = consumers;
        // one campaign's batches one at a time: pairing reads which replies of a prompt are in
        this.completed = new EventConsumers.Subscription<>(CONSUMER, Channels.GENERATION_COMPLETED_OUT,
                GenerationCompleted.class, GenerationCompleted::campaignId, this::apply);
    }

    @Incoming(Channels.GENERATION_TASKS)
    public CompletionStage<Void> onCompleted(Message<?> message) {
        return consumers.deliver(completed, message);
    }

    @Transactional
    public int apply(GenerationCompleted event) {
        if (!processed.firstDelivery(CONSUMER, event.eventId())) {
            return 0;
        }
        if (!campaigns.exists(event.campaignId())) {
            // deleted since the batch was generated: requeueing would retry forever
            Log.infof("Generation event %s names campaign %d, which no longer exists; nothing to add", event.eventId(), event.campaignId());
            return 0;
        }
        if (campaigns.campaign(event.campaignId()).status != Campaign.Status.OPEN) {
            return 0; // outputs uploaded to a draft: its tasks come when it opens
        }
        int added = 0;
        for (long promptId : event.promptIds()) {
            if (candidates.isAnswered(event.campaignId(), promptId)) {
                added += factory.addTasksForPrompt(event.campaignId(), promptId).size();
            }
        }
        return added;
    }
}
