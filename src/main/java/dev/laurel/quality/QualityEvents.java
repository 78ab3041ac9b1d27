package dev.laurel.quality;

import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import dev.laurel.task.SubmissionAccepted;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Applies every accepted answer to labeler quality (gold evidence, counters, abuse signals) and
 * publishes its assessment for game; one labeler's answers in order.
 */
@ApplicationScoped
public class QualityEvents {
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<SubmissionAccepted> accepted;

    QualityEvents(EventConsumers consumers, LabelerReliabilities reliabilities) {
        this.consumers = consumers;
        this.accepted = EventConsumers.Subscription.batched(LabelerReliabilities.CONSUMER, Channels.SUBMISSIONS_OUT,
                SubmissionAccepted.class, SubmissionAccepted::labelerId, reliabilities::record);
    }

    @Incoming(Channels.SUBMISSIONS_QUALITY)
    public CompletionStage<Void> onSubmissionAccepted(Message<?> message) {
        return consumers.deliver(accepted, message);
    }
}
