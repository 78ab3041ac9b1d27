package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Transactional outbox: events are rows committed with the change that caused them. */
@ApplicationScoped
public class Outbox {
    private final ObjectMapper json;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    Outbox(ObjectMapper json, TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.json = json;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Appends an event to the caller's transaction; returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String append(String channel, Event event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = event.eventId();
        row.channel = channel;
        row.createdAt = Instant.now();
        try {
            row.payload = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event cannot be serialized: " + event, e);
        }
        row.persist();
        transactions.registerInterposedSynchronization(new Synchronization() { // publish as soon as it commits
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
        return row.eventId;
    }

    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** Every event carries a unique id so that consumers can ignore redeliveries. */
    public interface Event {
        String eventId();
    }
}
