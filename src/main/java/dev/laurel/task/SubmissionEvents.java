package dev.laurel.task;

import dev.laurel.campaign.Campaigns;
import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps campaign progress counters in step with accepted answers. Lives with the submissions (not in
 * {@code campaign}) because it checks each event against the stored answer before counting it: a
 * forged or garbled event never moves a campaign's progress.
 */
@ApplicationScoped
public class SubmissionEvents {
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<SubmissionAccepted> progress;

    SubmissionEvents(EventConsumers consumers, Campaigns campaigns) {
        this.consumers = consumers;
        // partitioned by campaign, not labeler: every event of a campaign moves the same counter row, so
        // one thread per campaign batches them into one update instead of several threads queueing on its lock
        this.progress = EventConsumers.Subscription.batched(Campaigns.PROGRESS_CONSUMER, Channels.SUBMISSIONS_OUT,
                SubmissionAccepted.class, SubmissionAccepted::campaignId, event -> campaigns.recordSubmission(event.submissionId(), event.campaignId(),
                        event.taskCompleted()));
    }

    @Incoming(Channels.SUBMISSIONS_PROGRESS)
    public CompletionStage<Void> onSubmissionAccepted(Message<?> message) {
        return consumers.deliver(progress, message);
    }

}
