package dev.laurel.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.campaign.Campaigns;
import dev.laurel.model.Candidates;
import dev.laurel.model.GenerationCompleted;
import dev.laurel.platform.Channels;
import dev.laurel.platform.ProcessedEvents;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Incoming;

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
    private final ObjectMapper json;

    GeneratedReplies(TaskFactory factory, Candidates candidates, Campaigns campaigns, ProcessedEvents processed,
                     ObjectMapper json) {
        this.factory = factory;
        this.campaigns = campaigns;
        this.candidates = candidates;
        this.processed = processed;
        this.json = json;
    }

    @Incoming(Channels.GENERATION_TASKS)
    @Blocking
    public void onCompleted(String payload) throws JsonProcessingException {
        apply(json.readValue(payload, GenerationCompleted.class));
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
        int added = 0;
        for (long promptId : event.promptIds()) {
            if (candidates.isAnswered(event.campaignId(), promptId)) {
                added += factory.addTasksForPrompt(event.campaignId(), promptId).size();
            }
        }
        return added;
    }
}
