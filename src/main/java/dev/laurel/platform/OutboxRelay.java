package dev.laurel.platform;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.agroal.DataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes committed outbox rows, oldest first, and marks them published. Each round claims a batch
 * with {@code FOR UPDATE SKIP LOCKED} (so relays in several processes take disjoint rows), sends the
 * whole batch with the broker's confirms in flight, then marks the confirmed rows in one statement
 * and commits. It uses a connection pool of its own ({@code quarkus.datasource.outbox}), so it never
 * queues behind request threads for a connection. Delivery is at-least-once (a crash between publish
 * and commit republishes), which is why every consumer is idempotent. Messages are persistent
 * (delivery mode 2).
 */
@ApplicationScoped
public class OutboxRelay {
    /** Below the emitters' buffer (128 messages): a whole batch can be in flight at once. */
    static final int BATCH = 100;
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final AgroalDataSource db;
    private final Map<String, MutinyEmitter<String>> emitters;
    /** Creation time of the oldest unpublished event at the last look, or 0 when there was none. */
    private final AtomicLong oldestUnpublishedMs = new AtomicLong();
    private final Semaphore wakeUp = new Semaphore(0);
    private final Duration pollInterval;
    private volatile boolean running = true;

    OutboxRelay(@DataSource("outbox") AgroalDataSource db, MeterRegistry metrics,
                @ConfigProperty(name = "laurel.outbox.poll-interval") Duration pollInterval,
                @Channel(Channels.SUBMISSIONS_OUT) MutinyEmitter<String> submissions,
                @Channel(Channels.ASSESSMENTS_OUT) MutinyEmitter<String> assessments,
                @Channel(Channels.GENERATION_REQUESTED_OUT) MutinyEmitter<String> generationRequested,
                @Channel(Channels.GENERATION_COMPLETED_OUT) MutinyEmitter<String> generationCompleted,
                @Channel(Channels.TRAINING_OUT) MutinyEmitter<String> training,
                @Channel(Channels.REWARD_MODELS_OUT) MutinyEmitter<String> rewardModels) {
        this.db = db;
        this.pollInterval = pollInterval;
        this.emitters = Map.of(Channels.SUBMISSIONS_OUT, submissions, Channels.ASSESSMENTS_OUT, assessments,
                Channels.GENERATION_REQUESTED_OUT, generationRequested, Channels.GENERATION_COMPLETED_OUT, generationCompleted,
                Channels.TRAINING_OUT, training, Channels.REWARD_MODELS_OUT, rewardModels);
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

    private record Row(long id, String eventId, String channel, String payload, long createdMs) {
    }

    /** Claims, publishes and marks one batch in one transaction; returns how many rows it published. */
    public int publishBatch() {
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Row> rows = claim(connection);
                List<Long> confirmed = publish(rows);
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

    private static List<Row> claim(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>(BATCH);
        try (PreparedStatement claim = connection.prepareStatement("""
                select id, event_id, channel, payload, created_at from outbox_event
                where published_at is null
                order by id
                limit ?
                for update skip locked""")) {
            claim.setInt(1, BATCH);
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).getTime()));
                }
            }
        }
        return rows;
    }

    /** Sends every row at once, in order, and waits for the broker's confirms; returns the ids confirmed. */
    private List<Long> publish(List<Row> rows) {
        List<CompletableFuture<Long>> confirms = new ArrayList<>(rows.size());
        for (Row row : rows) {
            MutinyEmitter<String> emitter = emitters.get(row.channel());
            if (emitter == null) {
                throw new IllegalStateException("No emitter for channel " + row.channel());
            }
            Message<String> message = Message.of(row.payload()).addMetadata(OutgoingRabbitMQMetadata.builder()
                    .withDeliveryMode(2) // persistent: survives a broker restart in a durable queue
                    .withMessageId(row.eventId())
                    .withHeader(EventConsumers.CREATED_HEADER, row.createdMs())
                    .build());
            confirms.add(emitter.sendMessage(message).map(ignored -> row.id())
                    .onFailure().recoverWithItem(failure -> {
                        Log.warnf("Event %s not confirmed, will be sent again: %s", row.eventId(), failure.getMessage());
                        return null;
                    })
                    .subscribeAsCompletionStage());
        }
        try {
            CompletableFuture.allOf(confirms.toArray(CompletableFuture[]::new)).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            Log.warnf("The broker confirmed only part of a batch within %d s; the rest will be sent again",
                    ACK_TIMEOUT_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        List<Long> confirmed = new ArrayList<>(rows.size());
        for (CompletableFuture<Long> confirm : confirms) {
            Long id = confirm.isDone() && !confirm.isCompletedExceptionally() ? confirm.join() : null;
            if (id != null) {
                confirmed.add(id);
            }
        }
        return confirmed;
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
