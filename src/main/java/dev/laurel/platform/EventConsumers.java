package dev.laurel.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * How every consumer of an outbox event reads its channel — the one reader and the one failure rule.
 *
 * <ul>
 * <li><b>Read</b>: a message from the broker must carry the outbox's signature ({@link EventSignatures}),
 *     so what a consumer reads was written by Laurel and needs no check against the database; the body
 *     is JSON of the event's record type, whatever content type the message claims; an unsigned message,
 *     an unreadable body, or an event id that is missing or longer than 36 characters, is parked at
 *     once.</li>
 * <li><b>Concurrent, in order per key</b>: events are applied on {@code laurel.events.partitions}
 *     threads per consumer; all events with one partition key (the labeler) go to the same thread,
 *     so one labeler's events apply in the order they were published. The broker's prefetch
 *     ({@code max-outstanding-messages}) bounds how many wait. The batched consumers' threads share
 *     {@code laurel.events.connections} pool connections (default: three quarters of the pool), so a backlog
 *     never takes the connections requests need.</li>
 * <li><b>Batched</b> (subscriptions made with {@link Subscription#batched}): the events waiting on a
 *     thread are applied together in one transaction, up to {@code laurel.events.batch}; if any of
 *     them fails, each is applied again on its own, so the rules below still tell them apart. Under
 *     load this saves a transaction per event; when idle a batch is one event. While events come
 *     closer together than {@code laurel.events.linger}, a thread that finds fewer than a batch waits
 *     up to that long for more: spread over many partitions a steady flow would otherwise arrive one
 *     event at a time and pay a transaction each. An event after a quiet spell never waits.</li>
 * <li><b>Acknowledged after applying</b>; applying is idempotent (each service records the event in
 *     {@link ProcessedEvents} in its own transaction), so a redelivery changes nothing.</li>
 * <li><b>Parked, never redelivered forever</b>: an {@link InvalidEvent} is parked with its reason at
 *     once; a failure that says "not now" (no pool connection in time, the database restarting, a
 *     lock conflict: {@link Overload}) is retried on the spot, with pauses, for as long as it lasts;
 *     any other failure is redelivered after a pause, and parked once the message has been delivered
 *     {@code laurel.events.max-attempts} times. Parked events wait in {@link ParkedEvents} for an
 *     admin.</li>
 * </ul>
 */
@ApplicationScoped
public class EventConsumers {
    /** Set by the relay: when the event was written, so consumers can report their lag. */
    public static final String CREATED_HEADER = "x-laurel-created-ms";
    private static final int MAX_EVENT_ID = 36;

    private final ObjectMapper json;
    private final EventSignatures signatures;
    private final ParkedEvents parked;
    private final MeterRegistry metrics;
    private final int partitions;
    private final int maxAttempts;
    private final int batch;
    private final long lingerNanos;
    private final Semaphore connections;
    private final Map<String, ExecutorService[]> executors = new ConcurrentHashMap<>();
    /** Per batched consumer: the lag of the event it applied last (ms) and when (nanoTime); see {@link #recentLagMillis}. */
    private final Map<String, long[]> lastLag = new ConcurrentHashMap<>();
    /** Per consumer: its apply and lag timers (registered once: a registry look-up per event shows in profiles). */
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    /** Per batched consumer and partition: deliveries waiting for their thread. */
    private final Map<String, BlockingQueue<Delivery<?>>[]> waiting = new ConcurrentHashMap<>();
    /** Per batched consumer and partition: when its last delivery arrived (nanoTime), to tell a flow from a lone event. */
    private final Map<String, AtomicLongArray> arrivals = new ConcurrentHashMap<>();

    EventConsumers(ObjectMapper json, EventSignatures signatures, ParkedEvents parked, MeterRegistry metrics,
                   @ConfigProperty(name = "laurel.events.partitions", defaultValue = "4") int partitions,
                   @ConfigProperty(name = "laurel.events.max-attempts", defaultValue = "5") int maxAttempts,
                   @ConfigProperty(name = "laurel.events.batch", defaultValue = "50") int batch,
                   @ConfigProperty(name = "laurel.events.linger", defaultValue = "0s") Duration linger,
                   @ConfigProperty(name = "laurel.events.connections") java.util.Optional<Integer> connections,
                   @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20") int poolSize) {
        this.json = json;
        this.signatures = signatures;
        this.parked = parked;
        this.metrics = metrics;
        this.partitions = partitions;
        this.maxAttempts = maxAttempts;
        this.batch = Math.max(1, batch);
        this.lingerNanos = Math.max(0, linger.toNanos());
        // the batched consumers' threads share three quarters of the pool: they wait on database round
        // trips, so they need many connections to keep up, and requests always find the rest
        this.connections = new Semaphore(Math.max(1, connections.orElse(Math.max(2, poolSize * 3 / 4))), true);
    }

    /**
     * One consumer of one event type.
     *
     * @param consumer     its name (metrics, parked messages, {@link ProcessedEvents})
     * @param channel      the "-out" channel its events are published on (a requeue publishes there again)
     * @param partitionKey events with equal keys are applied one at a time, in order
     * @param apply        applies one event in its own transaction; throws {@link InvalidEvent} for an
     *                     event that can never apply
     * @param batched      whether {@code apply} runs inside a transaction this class opens, which
     *                     several events may share (see {@link #batched})
     */
    public record Subscription<E extends Outbox.Event>(String consumer, String channel, Class<E> type,
                                                        ToLongFunction<E> partitionKey, Consumer<E> apply,
                                                        boolean batched) {
        public Subscription(String consumer, String channel, Class<E> type, ToLongFunction<E> partitionKey,
                            Consumer<E> apply) {
            this(consumer, channel, type, partitionKey, apply, false);
        }

        /**
         * A consumer whose {@code apply} joins the caller's transaction, which events waiting together
         * share: for short database work per event, where a transaction per event is most of the cost.
         */
        public static <E extends Outbox.Event> Subscription<E> batched(String consumer, String channel, Class<E> type,
                                                                       ToLongFunction<E> partitionKey, Consumer<E> apply) {
            return new Subscription<>(consumer, channel, type, partitionKey, apply, true);
        }

        /** Applies one event in a transaction of its own. */
        void applyAlone(E event) {
            if (batched) {
                QuarkusTransaction.requiringNew().run(() -> apply.accept(event));
            } else {
                apply.accept(event);
            }
        }
    }

    /** @param flowing whether it came within the linger time of the partition's previous delivery */
    private record Delivery<E>(Message<?> message, E event, String payload, int attempt, boolean flowing) {
    }

    /** Takes a message off the channel: returns at once; the message is acknowledged once applied or parked. */
    public <E extends Outbox.Event> CompletionStage<Void> deliver(Subscription<E> subscription, Message<?> message) {
        String payload = text(message.getPayload());
        ExecutorService[] pool = executors.computeIfAbsent(subscription.consumer(), this::threads);
        E event;
        try {
            event = read(subscription.type(), payload);
        } catch (InvalidEvent e) { // parking writes to the database: never on the event loop
            String reason = signed(subscription, message, payload) ? e.getMessage() : unsigned(subscription);
            pool[0].execute(() -> park(subscription, message, null, payload, reason));
            return CompletableFuture.completedFuture(null);
        }
        if (!signed(subscription, message, payload)) { // parked under its id: an event of the outbox's can be requeued
            pool[0].execute(() -> park(subscription, message, event.eventId(), payload, unsigned(subscription)));
            return CompletableFuture.completedFuture(null);
        }
        int attempt = deliveryCount(message);
        int partition = (int) Math.floorMod(subscription.partitionKey().applyAsLong(event), (long) partitions);
        if (subscription.batched() && batch > 1) {
            BlockingQueue<Delivery<?>> queue = waiting.computeIfAbsent(subscription.consumer(), this::queues)[partition];
            long now = System.nanoTime();
            long previous = arrivals.computeIfAbsent(subscription.consumer(), c -> new AtomicLongArray(partitions))
                    .getAndSet(partition, now);
            queue.add(new Delivery<>(message, event, payload, attempt, previous != 0 && now - previous < lingerNanos));
            pool[partition].execute(() -> drain(subscription, queue)); // finds the queue empty if an earlier one took it
        } else {
            pool[partition].execute(() -> apply(subscription, message, event, payload, attempt));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Applies what waits on this partition together; if that fails, each on its own. */
    @SuppressWarnings("unchecked")
    private <E extends Outbox.Event> void drain(Subscription<E> subscription, BlockingQueue<Delivery<?>> queue) {
        List<Delivery<E>> taken = new ArrayList<>();
        Delivery<?> next;
        while (taken.size() < batch && (next = queue.poll()) != null) {
            taken.add((Delivery<E>) next);
        }
        if (!taken.isEmpty() && taken.size() < batch && taken.get(0).flowing()) {
            long until = System.nanoTime() + lingerNanos;
            try {
                long left;
                while (taken.size() < batch && (left = until - System.nanoTime()) > 0
                        && (next = queue.poll(left, TimeUnit.NANOSECONDS)) != null) {
                    taken.add((Delivery<E>) next);
                }
            } catch (InterruptedException e) { // shutting down: apply what was taken, the rest is redelivered
                Thread.currentThread().interrupt();
            }
        }
        if (taken.size() > 1) {
            long started = System.nanoTime();
            try {
                withConnection(() -> QuarkusTransaction.requiringNew().run(() -> taken.forEach(d -> {
                    subscription.apply().accept(d.event());
                    // keeps the persistence context to one event's rows: every query's flush
                    // dirty-checks all of it, which grows with the batch otherwise
                    EntityManager em = Panache.getEntityManager();
                    em.flush();
                    em.clear();
                })));
                long each = (System.nanoTime() - started) / taken.size();
                taken.forEach(d -> applied(subscription, d.message(), each));
                return;
            } catch (RuntimeException e) { // nothing of the batch was written; one by one, the failure rules apply
                Log.debugf("Consumer %s applies a batch of %d one by one: %s", subscription.consumer(), taken.size(),
                        describe(e));
            }
        }
        taken.forEach(d -> apply(subscription, d.message(), d.event(), d.payload(), d.attempt()));
    }

    /**
     * Whether the message may be read as an event: one from the broker must carry the outbox relay's
     * signature for the stream it came on; one delivered in process never left Laurel.
     */
    private boolean signed(Subscription<?> subscription, Message<?> message, String payload) {
        return message.getMetadata(IncomingRabbitMQMetadata.class)
                .map(broker -> signatures.verify(subscription.channel(), payload, broker.getHeader(EventSignatures.HEADER,
                        Object.class).map(Object::toString).orElse(null))) // AMQP's LongString: its text is toString
                .orElse(true);
    }

    private static String unsigned(Subscription<?> subscription) {
        return "The message does not carry the outbox's signature for " + subscription.channel() + ": it was not "
                + "published by Laurel's outbox relay, or was changed on the way.";
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
        for (int busy = 1; ; busy++) {
            long started = System.nanoTime();
            try {
                if (subscription.batched()) {
                    withConnection(() -> subscription.applyAlone(event));
                } else { // its own transactions, maybe long ones (generation, training): outside the share
                    subscription.applyAlone(event);
                }
                applied(subscription, message, System.nanoTime() - started);
                return;
            } catch (InvalidEvent e) {
                park(subscription, message, event.eventId(), payload, e.getMessage());
                return;
            } catch (RuntimeException e) {
                if (!Overload.isTransient(e) || Thread.currentThread().isInterrupted()) {
                    failed(subscription, message, event, payload, attempt, e);
                    return;
                }
                // no connection in time, the database restarting, a lock conflict: not this event's
                // fault, so it waits here (its partition behind it) instead of spending its deliveries
                if (busy == 1 || busy % 60 == 0) {
                    Log.infof("Consumer %s waits for the database (event %s, try %d): %s", consumer, event.eventId(), busy,
                            describe(e));
                }
                pause(busy);
            }
        }
    }

    private <E extends Outbox.Event> void failed(Subscription<E> subscription, Message<?> message, E event, String payload,
                                                 int attempt, RuntimeException e) {
        if (attempt >= maxAttempts) {
            park(subscription, message, event.eventId(), payload, "Failed " + attempt + " times; last error: " + describe(e));
        } else {
            Log.warnf("Consumer %s will retry event %s (attempt %d of %d): %s", subscription.consumer(), event.eventId(),
                    attempt, maxAttempts, describe(e));
            pause(attempt);
            message.nack(e);
        }
    }

    /** Runs database work within the consumers' share of the pool; waits for a share, however long. */
    private void withConnection(Runnable work) {
        connections.acquireUninterruptibly();
        try {
            work.run();
        } finally {
            connections.release();
        }
    }

    private void applied(Subscription<?> subscription, Message<?> message, long nanos) {
        String consumer = subscription.consumer();
        Timer[] timers = this.timers.computeIfAbsent(consumer, name -> new Timer[] {
                metrics.timer("laurel.events.apply", "consumer", name),
                Timer.builder("laurel.events.lag").tag("consumer", name).publishPercentiles(0.5, 0.99).register(metrics)});
        timers[0].record(nanos, TimeUnit.NANOSECONDS);
        createdAt(message).ifPresent(created -> {
            long lag = Math.max(0, System.currentTimeMillis() - created);
            timers[1].record(Duration.ofMillis(lag));
            if (subscription.batched()) {
                lastLag.put(consumer, new long[] {lag, System.nanoTime()});
            }
        });
        message.ack();
    }

    /**
     * How far behind the batched consumers (what an answer sets off) are: the largest lag of the event
     * each applied last, counting only what was applied in the last five seconds (an idle consumer is
     * not behind). The hot path's admission follows it ({@link HotPathAdmission}).
     */
    public long recentLagMillis() {
        long now = System.nanoTime();
        long worst = 0;
        for (long[] last : lastLag.values()) {
            if (now - last[1] < TimeUnit.SECONDS.toNanos(5)) {
                worst = Math.max(worst, last[0]);
            }
        }
        return worst;
    }

    @SuppressWarnings("unchecked")
    private BlockingQueue<Delivery<?>>[] queues(String consumer) {
        BlockingQueue<Delivery<?>>[] queues = new BlockingQueue[partitions];
        for (int i = 0; i < partitions; i++) {
            queues[i] = new LinkedBlockingQueue<>();
        }
        return queues;
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
