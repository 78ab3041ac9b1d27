package dev.laurel.platform;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** An event written in the same transaction as the state change it reports; the relay publishes it. */
@Entity
public class OutboxEvent extends PanacheEntity {
    public String eventId;
    public String channel;
    public String payload;
    public Instant createdAt;
    public Instant publishedAt;
}
