package dev.laurel.game;

import dev.laurel.account.Accounts;
import dev.laurel.platform.Channels;
import dev.laurel.platform.EventConsumers;
import dev.laurel.platform.InvalidEvent;
import dev.laurel.quality.AnswerAssessed;
import dev.laurel.quality.QualityEvent;
import dev.laurel.quality.SubmissionDropped;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Scores what quality assessed into the points ledger and reverses what it dropped, one labeler's
 * events in order (the daily cap and the combo read what the labeler earned before).
 */
@ApplicationScoped
public class GameEvents {
    private final EventConsumers consumers;
    private final EventConsumers.Subscription<QualityEvent> assessments;

    GameEvents(EventConsumers consumers, PointsLedger ledger, Accounts accounts) {
        this.consumers = consumers;
        this.assessments = EventConsumers.Subscription.batched(PointsLedger.CONSUMER, Channels.ASSESSMENTS_OUT,
                QualityEvent.class, QualityEvent::labelerId, event -> {
                    if (!accounts.exists(event.labelerId())) {
                        throw new InvalidEvent("Labeler " + event.labelerId() + " does not exist.");
                    }
                    if (event instanceof AnswerAssessed assessed) {
                        ledger.score(assessed);
                    } else if (event instanceof SubmissionDropped dropped) {
                        ledger.reverse(dropped);
                    }
                });
    }

    @Incoming(Channels.ASSESSMENTS_GAME)
    public CompletionStage<Void> onQualityEvent(Message<?> message) {
        return consumers.deliver(assessments, message);
    }
}
