package dev.laurel.platform;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Messages consumers could not process, kept with the reason so that admins can see them and, once
 * the cause is fixed, put them back: a requeue marks the event's outbox row unpublished, so the relay
 * sends it again (every other consumer has it already and ignores it as a redelivery).
 */
@ApplicationScoped
public class ParkedEvents {
    static final int MAX_PAYLOAD = 20_000;
    static final int MAX_REASON = 1_000;

    private final MeterRegistry metrics;

    ParkedEvents(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** What admins see of a parked message. */
    public record View(long id, String consumer, String eventId, String channel, String payload, String reason,
                       Instant parkedAt, Instant requeuedAt) {
        static View of(ParkedEvent e) {
            return new View(e.id, e.consumer, e.eventId, e.channel, e.payload, e.reason, e.parkedAt, e.requeuedAt);
        }
    }

    /** Parks a message in a transaction of its own (the consumer's own one has rolled back or never began). */
    public void park(String consumer, String channel, String eventId, String payload, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            ParkedEvent row = new ParkedEvent();
            row.consumer = consumer;
            row.eventId = eventId == null || eventId.length() > 64 ? null : eventId;
            row.channel = channel;
            row.payload = clip(payload == null ? "" : payload, MAX_PAYLOAD);
            row.reason = clip(reason == null ? "unknown" : reason, MAX_REASON);
            row.parkedAt = Instant.now();
            row.persist();
        });
        metrics.counter("laurel.events.parked", "consumer", consumer).increment();
        Log.warnf("Consumer %s parked a message (event %s): %s", consumer, eventId, reason);
    }

    @Transactional
    public List<View> waiting() {
        return ParkedEvent.<ParkedEvent>list("requeuedAt is null order by id").stream().map(View::of).toList();
    }

    /** Publishes a parked event again from the outbox; a message that never came from the outbox cannot be. */
    @Transactional
    public View requeue(long id) {
        ParkedEvent row = ParkedEvent.findById(id);
        if (row == null) {
            throw Problem.notFound("There is no parked message " + id + ".");
        }
        if (row.requeuedAt != null) {
            throw Problem.conflict("Parked message " + id + " was put back at " + row.requeuedAt + " already.");
        }
        int reset = row.eventId == null ? 0
                : OutboxEvent.update("publishedAt = null where eventId = ?1", row.eventId);
        if (reset == 0) {
            throw Problem.conflict("Parked message " + id + " did not come from Laurel's outbox (no event "
                    + row.eventId + " was ever written), so there is nothing to send again.");
        }
        row.requeuedAt = Instant.now();
        return View.of(row);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
