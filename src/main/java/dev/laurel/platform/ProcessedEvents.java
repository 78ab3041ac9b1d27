package dev.laurel.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Remembers which events each consumer has applied, inside the consumer's own transaction, so that a
 * redelivered event changes nothing. Two concurrent deliveries race on the primary key: the loser
 * rolls back and its redelivery then finds the row.
 */
@ApplicationScoped
public class ProcessedEvents {
    /** Records the event for this consumer; false if it had been recorded before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        // one statement per event and consumer; two deliveries at once collide on the key and one retries
        return Rows.sql("insert into processed_event (consumer, event_id, processed_at)"
                        + " select cast(?1 as varchar(64)), cast(?2 as varchar(36)), cast(?3 as timestamp(6) with time zone)"
                        + " where not exists (select 1 from processed_event where consumer = ?1 and event_id = ?2)",
                        "processed_event")
                .setParameter(1, consumer).setParameter(2, eventId).setParameter(3, Instant.now())
                .executeUpdate() == 1;
    }
}
