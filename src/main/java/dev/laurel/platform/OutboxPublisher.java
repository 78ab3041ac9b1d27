package dev.laurel.platform;

import java.util.List;

/**
 * Sends a batch of claimed outbox rows to the consumers and says which of them are safely delivered
 * (confirmed by the broker, or accepted by every in-process consumer). The relay marks exactly those
 * as published; the rest stay for its next round.
 */
interface OutboxPublisher {
    /** One claimed outbox row. */
    record Row(long id, String eventId, String channel, String payload, long createdMs) {
    }

    /** Sends every row, in order; returns the ids of the rows delivered. Never throws for a broker fault. */
    List<Long> publish(List<Row> rows);
}
