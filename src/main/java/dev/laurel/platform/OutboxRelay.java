package dev.laurel.platform;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes committed outbox rows, oldest first, and marks them published. Each round claims a batch
 * with {@code FOR UPDATE SKIP LOCKED} (so relays in several processes take disjoint rows), sends the
 * whole batch with the broker's confirms in flight ({@link OutboxPublisher}: RabbitMQ, or in-process
 * without a broker), then marks the confirmed rows in one statement
 * and commits. It uses a connection pool of its own ({@code quarkus.datasource.outbox}), so it never
 * queues behind request threads for a connection. Delivery is at-least-once (a crash between publish
 * and commit republishes), which is why every consumer is idempotent. Messages are persistent
 * (delivery mode 2).
 */
@ApplicationScoped
public class OutboxRelay {
    /** Below the in-process emitters' buffer (128 messages): a whole batch can be in flight at once. */
    static final int BATCH = 100;

    private final AgroalDataSource db;
    private final OutboxPublisher publisher;
    /** Creation time of the oldest unpublished event at the last look, or 0 when there was none. */
    private final AtomicLong oldestUnpublishedMs = new AtomicLong();
    private final Semaphore wakeUp = new Semaphore(0);
    private final Duration pollInterval;
    private volatile boolean running = true;

    OutboxRelay(@DataSource("outbox") AgroalDataSource db, MeterRegistry metrics, OutboxPublisher publisher,
                @ConfigProperty(name = "laurel.outbox.poll-interval") Duration pollInterval) {
        this.db = db;
        this.pollInterval = pollInterval;
        this.publisher = publisher;
        Gauge.builder("laurel.outbox.lag.seconds", oldestUnpublishedMs,
                        oldest -> oldest.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest.get()) / 1000.0)
                .description("Age of the oldest event not yet published").register(metrics);
    }

    /**
     * The relay's own thread: drains, then sleeps until a transaction that wrote events commits in this
     * process ({@link #wake}) or the poll interval passes (events written by other processes, or a
     * round that failed). Starts once the messaging channels are wired.
     */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent event) {
        Thread thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wake();
    }

    /** Asks the relay to look now: called after a commit that appended events. */
    void wake() {
        wakeUp.release();
    }

    private void run() {
        while (running) {
            try {
                drain();
            } catch (RuntimeException e) {
                Log.warnf("Outbox relay will retry: %s", e.getMessage());
            }
            try {
                wakeUp.tryAcquire(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Publishes until no unpublished row is left (or a round publishes nothing); returns how many it published. */
    public int drain() {
        int total = 0;
        int published;
        do {
            published = publishBatch();
            total += published;
        } while (published == BATCH);
        return total;
    }

    /** Claims, publishes and marks one batch in one transaction; returns how many rows it published. */
    public int publishBatch() {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<OutboxPublisher.Row> rows = claim(connection);
                List<Long> confirmed = publisher.publish(rows);
                markPublished(connection, confirmed);
                connection.commit();
                lookAtBacklog(connection);
                return confirmed.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Outbox database unavailable: " + e.getMessage(), e);
        }
    }

    private static List<OutboxPublisher.Row> claim(Connection connection) throws SQLException {
        List<OutboxPublisher.Row> rows = new ArrayList<>(BATCH);
        try (PreparedStatement claim = connection.prepareStatement("""
                select id, event_id, channel, payload, created_at from outbox_event
                where published_at is null
                order by id
                limit ?
                for update skip locked""")) {
            claim.setInt(1, BATCH);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxPublisher.Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).getTime()));
                }
            }
        }
        return rows;
    }

    private static void markPublished(Connection connection, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement mark = connection.prepareStatement(
                "update outbox_event set published_at = ? where id in (" + marks + ")")) {
            mark.setTimestamp(1, Timestamp.from(Instant.now()));
            for (int i = 0; i < ids.size(); i++) {
                mark.setLong(i + 2, ids.get(i));
            }
            mark.executeUpdate();
        }
    }

    /** Remembers how old the oldest unpublished event is, for the lag metric (one index lookup). */
    private void lookAtBacklog(Connection connection) throws SQLException {
        try (PreparedStatement oldest = connection.prepareStatement(
                "select created_at from outbox_event where published_at is null order by id limit 1");
             ResultSet rs = oldest.executeQuery()) {
            oldestUnpublishedMs.set(rs.next() ? rs.getTimestamp(1).getTime() : 0);
        }
        connection.commit();
    }
}
