package dev.laurel.game;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.platform.Channels;
import dev.laurel.platform.SubmissionAccepted;
import dev.laurel.platform.SubmissionDropped;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Scores every accepted submission into the points ledger. */
@ApplicationScoped
public class GameEvents {
    private final PointsLedger ledger;
    private final ObjectMapper json;

    GameEvents(PointsLedger ledger, ObjectMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    @Incoming(Channels.SUBMISSIONS_GAME)
    @Blocking // in order: the daily cap reads what the labeler earned before this answer
    public void onSubmissionAccepted(String payload) {
        SubmissionAccepted.read(json, payload).ifPresent(ledger::score);
    }

    @Incoming(Channels.DROPS_GAME)
    @Blocking
    public void onSubmissionDropped(String payload) {
        SubmissionDropped.read(json, payload).ifPresent(ledger::reverse);
    }
}
