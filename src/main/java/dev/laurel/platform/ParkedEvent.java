package dev.laurel.platform;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;
import java.time.Instant;

/** A message a consumer set aside instead of applying, with the reason; see {@link ParkedEvents}. */
@Entity
public class ParkedEvent extends PanacheEntity {
    public String consumer;
    /** Null when the message had no readable event id. */
    public String eventId;
    /** The "-out" channel the message came from, which a requeue publishes it on again. */
    public String channel;
    public String payload;
    public String reason;
    public Instant parkedAt;
    public Instant requeuedAt;
}
