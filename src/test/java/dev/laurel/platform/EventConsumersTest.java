package dev.laurel.platform;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * How consumers survive: a batched consumer applies the events that wait together in one transaction;
 * one bad event in the batch undoes the batch, after which every event is applied on its own (the good
 * ones once, the bad one parked, all acknowledged). A busy or absent database delays an event; it never
 * uses up the event's deliveries.
 */
@QuarkusTest
class EventConsumersTest {
    private static final String CONSUMER = "test-batched";

    public record Sample(String eventId, long labelerId) implements Outbox.Event {
    }

    @Inject
    EventConsumers consumers;
    @Inject
    ProcessedEvents processed;
    @Inject
    ParkedEvents parked;
    @Inject
    EntityManager em;

    @Test
    void oneBadEventInABatchParksAloneAndTheOthersApplyOnce() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger transactionsWithMany = new AtomicInteger();
        Set<Object> transactions = ConcurrentHashMap.newKeySet();
        EventConsumers.Subscription<Sample> subscription = EventConsumers.Subscription.batched(CONSUMER,
                Channels.SUBMISSIONS_OUT, Sample.class, Sample::labelerId, event -> {
                    if (event.eventId().endsWith("-first")) { // holds the thread while the others queue up
                        firstStarted.countDown();
                        waitFor(release);
                    }
                    if (!transactions.add(QuarkusTransaction.isActive() ? currentTransaction() : "none")) {
                        transactionsWithMany.incrementAndGet();
                    }
                    if (event.eventId().endsWith("-bad")) {
                        throw new InvalidEvent("Sample " + event.eventId() + " is bad.");
                    }
                    processed.firstDelivery(CONSUMER, event.eventId());
                });

        AtomicInteger acks = new AtomicInteger();
        consumers.deliver(subscription, message(run + "-first", acks));
        assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 20; i++) { // the same labeler: the same thread, behind the first
            consumers.deliver(subscription, message(run + "-" + i + (i == 7 ? "-bad" : ""), acks));
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 21);
        long applied = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                        "select count(*) from processed_event where consumer = ?1 and event_id like ?2")
                .setParameter(1, CONSUMER).setParameter(2, run + "-%").getSingleResult()).longValue());
        assertEquals(20, applied, "the first and the 19 good ones, once each");
        List<ParkedEvents.View> bad = parked.waiting().stream().filter(v -> v.eventId().equals(run + "-7-bad")).toList();
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).reason().contains("is bad"), bad.get(0).reason());
        assertTrue(transactionsWithMany.get() > 0, "the waiting events shared a transaction");
    }

    @Test
    void aSteadyFlowSharesTransactionsWhereEventsOneByOneWouldNot() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<Object> transactions = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventConsumers.Subscription<Sample> subscription = EventConsumers.Subscription.batched(CONSUMER + "-flow",
                Channels.SUBMISSIONS_OUT, Sample.class, Sample::labelerId, event -> {
                    Object transaction = currentTransaction();
                    if (!transactions.contains(transaction)) {
                        transactions.add(transaction);
                    }
                    processed.firstDelivery(CONSUMER, event.eventId());
                });
        AtomicInteger acks = new AtomicInteger();
        // 15 ms apart: each would find its thread idle and pay a transaction; within the 50 ms linger they wait together
        for (int i = 0; i < 10; i++) {
            consumers.deliver(subscription, message(run + "-flow-" + i, acks));
            Thread.sleep(15);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 10);
        assertTrue(transactions.size() <= 6, "10 events in " + transactions.size() + " transactions");
    }

    @Test
    void aBusyDatabaseDelaysAnEventWithoutSpendingItsDeliveries() {
        String eventId = Long.toString(System.nanoTime(), 36) + "-busy";
        AtomicInteger tries = new AtomicInteger();
        EventConsumers.Subscription<Sample> subscription = new EventConsumers.Subscription<>(CONSUMER + "-busy",
                Channels.SUBMISSIONS_OUT, Sample.class, Sample::labelerId, event -> {
                    if (tries.incrementAndGet() <= 3) { // what Agroal throws when the pool has no connection in time
                        throw new IllegalStateException(new java.sql.SQLException(
                                "Sorry, acquisition timeout!", "08001"));
                    }
                    QuarkusTransaction.requiringNew().run(() -> processed.firstDelivery(CONSUMER, event.eventId()));
                });
        AtomicInteger acks = new AtomicInteger();
        AtomicInteger nacks = new AtomicInteger();
        consumers.deliver(subscription, message(eventId, acks, nacks));
        await().atMost(Duration.ofSeconds(20)).until(() -> acks.get() == 1);
        assertEquals(4, tries.get(), "tried again on the spot until the database had room");
        assertEquals(0, nacks.get(), "never handed back to the broker, so never counted toward parking");
        assertTrue(parked.waiting().stream().noneMatch(v -> eventId.equals(v.eventId())));
    }

    private Message<String> message(String eventId, AtomicInteger acks) {
        return message(eventId, acks, new AtomicInteger());
    }

    private Message<String> message(String eventId, AtomicInteger acks, AtomicInteger nacks) {
        String payload = "{\"eventId\":\"" + eventId + "\",\"labelerId\":42}";
        return Message.of(payload, () -> {
            acks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        }, failure -> {
            nacks.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    private Object currentTransaction() {
        try {
            return com.arjuna.ats.jta.TransactionManager.transactionManager().getTransaction();
        } catch (jakarta.transaction.SystemException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
