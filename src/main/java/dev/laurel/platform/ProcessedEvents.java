package dev.laurel.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Remembers which events each consumer has applied, inside the consumer's own transaction, so that a
 * redelivered event changes nothing. Two concurrent deliveries race on the primary key: the loser
 * rolls back and its redelivery then finds the row.
 */
@ApplicationScoped
public class ProcessedEvents {
    private final EntityManager em;

    ProcessedEvents(EntityManager em) {
        this.em = em;
    }

    /** Records the event for this consumer; false if it had been recorded before. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        Number seen = (Number) em.createNativeQuery(
                        "select count(*) from processed_event where consumer = ?1 and event_id = ?2")
                .setParameter(1, consumer).setParameter(2, eventId).getSingleResult();
        if (seen.longValue() > 0) {
            return false;
        }
        em.createNativeQuery("insert into processed_event (consumer, event_id, processed_at) values (?1, ?2, ?3)")
                .setParameter(1, consumer).setParameter(2, eventId).setParameter(3, Instant.now())
                .executeUpdate();
        return true;
    }
}
