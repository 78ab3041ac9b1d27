package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How every consumer of an outbox event reads its channel — the one reader and the one failure rule.
 *
 * <ul>
 * <li><b>Read</b>: the body is JSON of the event's record type, whatever content type the message
 *     claims; an unreadable body, or an event id that is missing or longer than 36 characters, is
 *     parked at once.</li>
 * <li><b>Concurrent, in order per key</b>: events are applied on {@code laurel.events.partitions}
 *     threads per consumer; all events with one partition key (the labeler) go to the same thread,
 *     so one labeler's events apply in the order they were published. The broker's prefetch
 *     ({@code max-outstanding-messages}) bounds how many wait.</li>
 * <li><b>Acknowledged after applying</b>; applying is idempotent (each service records the event in
 *     {@link ProcessedEvents} in its own transaction), so a redelivery changes nothing.</li>
 * <li><b>Parked, never redelivered forever</b>: an {@link InvalidEvent} is parked with its reason at
 *     once; any other failure (database down) is retried after a pause, and parked once the message
 *     has been delivered {@code laurel.events.max-attempts} times. Parked events wait in
 *     {@link ParkedEvents} for an admin.</li>
 * </ul>
 */
@ApplicationScoped
public class EventConsumers {
    /** Set by the relay: when the event was written, so consumers can report their lag. */
    public static final String CREATED_HEADER = "x-laurel-created-ms";
    private static final int MAX_EVENT_ID = 36;

    private final ObjectMapper json;
    private final ParkedEvents parked;
    private final MeterRegistry metrics;
    private final int partitions;
    private final int maxAttempts;
    private final Map<String, ExecutorService[]> executors = new ConcurrentHashMap<>();

    EventConsumers(ObjectMapper json, ParkedEvents parked, MeterRegistry metrics,
                   @ConfigProperty(name = "laurel.events.partitions", defaultValue = "4") int partitions,
                   @ConfigProperty(name = "laurel.events.max-attempts", defaultValue = "5") int maxAttempts) {
        this.json = json;
        this.parked = parked;
        this.metrics = metrics;
        this.partitions = partitions;
        this.maxAttempts = maxAttempts;
    }

    /**
     * One consumer of one event type.
     *
     * @param consumer     its name (metrics, parked messages, {@link ProcessedEvents})
     * @param channel      the "-out" channel its events are published on (a requeue publishes there again)
     * @param partitionKey events with equal keys are applied one at a time, in order
     * @param apply        applies one event in its own transaction; throws {@link InvalidEvent} for an
     *                     event that can never apply
     */
    public record Subscription<E extends Outbox.Event>(String consumer, String channel, Class<E> type,
                                                        ToLongFunction<E> partitionKey, Consumer<E> apply) {
    }

    /** Takes a message off the channel: returns at once; the message is acknowledged once applied or parked. */
    public <E extends Outbox.Event> CompletionStage<Void> deliver(Subscription<E> subscription, Message<?> message) {
        String payload = text(message.getPayload());
        ExecutorService[] pool = executors.computeIfAbsent(subscription.consumer(), this::threads);
        E event;
        try {
            event = read(subscription.type(), payload);
        } catch (InvalidEvent e) { // parking writes to the database: never on the event loop
            pool[0].execute(() -> park(subscription, message, null, payload, e.getMessage()));
            return CompletableFuture.completedFuture(null);
        }
        int attempt = deliveryCount(message);
        int partition = (int) Math.floorMod(subscription.partitionKey().applyAsLong(event), (long) partitions);
        pool[partition].execute(() -> apply(subscription, message, event, payload, attempt));
        return CompletableFuture.completedFuture(null);
    }

    /** Reads an event of the given type, or throws {@link InvalidEvent} saying why it cannot be read. */
    public <E extends Outbox.Event> E read(Class<E> type, String payload) {
        E event;
        try {
            event = json.readValue(payload, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidEvent("The message is not a " + type.getSimpleName() + " in JSON: " + why);
        }
        if (event == null) {
            throw new InvalidEvent("The message is empty.");
        }
        String id = event.eventId();
        if (id == null || id.isBlank() || id.length() > MAX_EVENT_ID) {
            throw new InvalidEvent("The event id must be 1 to " + MAX_EVENT_ID + " characters; it is "
                    + (id == null ? "missing" : id.length() + " characters") + ".");
        }
        return event;
    }

    private <E extends Outbox.Event> void apply(Subscription<E> subscription, Message<?> message, E event, String payload,
                                                int attempt) {
        String consumer = subscription.consumer();
        long started = System.nanoTime();
        try {
            subscription.apply().accept(event);
            metrics.timer("laurel.events.apply", "consumer", consumer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            createdAt(message).ifPresent(created -> Timer.builder("laurel.events.lag").tag("consumer", consumer)
                    .publishPercentiles(0.5, 0.99).register(metrics)
                    .record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - created))));
            message.ack();
        } catch (InvalidEvent e) {
            park(subscription, message, event.eventId(), payload, e.getMessage());
        } catch (RuntimeException e) {
            if (attempt >= maxAttempts) {
                park(subscription, message, event.eventId(), payload,
                        "Failed " + attempt + " times; last error: " + describe(e));
            } else {
                Log.warnf("Consumer %s will retry event %s (attempt %d of %d): %s", consumer, event.eventId(), attempt,
                        maxAttempts, describe(e));
                pause(attempt);
                message.nack(e);
            }
        }
    }

    private void park(Subscription<?> subscription, Message<?> message, String eventId, String payload, String reason) {
        try {
            parked.park(subscription.consumer(), subscription.channel(), eventId, payload, reason);
            message.ack();
        } catch (RuntimeException e) { // the database is gone too: let the broker keep it
            pause(1);
            message.nack(e);
        }
    }

    private ExecutorService[] threads(String consumer) {
        ExecutorService[] pool = new ExecutorService[partitions];
        for (int i = 0; i < partitions; i++) {
            String name = "events-" + consumer + "-" + i;
            pool[i] = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
        }
        return pool;
    }

    void stop(@Observes ShutdownEvent event) {
        executors.values().forEach(pool -> {
            for (ExecutorService partition : pool) {
                partition.shutdownNow(); // what was not acknowledged is redelivered
            }
        });
    }

    private static String text(Object payload) {
        if (payload instanceof String s) {
            return s;
        }
        if (payload instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (payload instanceof io.vertx.core.buffer.Buffer buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
        if (payload instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
            return buffer.toString(StandardCharsets.UTF_8.name());
        }
        return payload == null ? "" : payload.toString(); // JsonObject, JsonArray: their JSON text
    }

    /** How often the broker has delivered this message (quorum queues count it); 1 without a broker. */
    private static int deliveryCount(Message<?> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .flatMap(m -> m.getHeader("x-delivery-count", Number.class))
                .map(n -> n.intValue() + 1).orElse(1);
    }

    private static java.util.Optional<Long> createdAt(Message<?> message) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .flatMap(m -> m.getHeader(CREATED_HEADER, Number.class)).map(Number::longValue);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(5_000L, 250L * (1L << Math.min(attempt, 5))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e) : e + " (cause: " + root + ")";
    }
}
