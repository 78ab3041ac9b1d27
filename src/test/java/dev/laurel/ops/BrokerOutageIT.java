package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * RabbitMQ stops for 30 s ({@code rabbitmqctl stop_app}) while labelers answer through a process
 * started from the packaged jar. Answers keep being accepted (they only need the database: the event
 * waits in the outbox), readiness reports DOWN while the broker is gone and UP once it is back, and
 * then every event is delivered and applied once, nothing is parked, and answers given after the
 * recovery are applied too (the consumers came back). Prints how long recovery took.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerOutageIT {
    private static final String NAME = "BrokerOutageIT";
    private static final int LABELERS = 20;
    private static final int PROMPTS = 1500;
    private static final int OVERLAP = 3;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static ScratchDatabase database;
    private static ScratchVhost vhost;
    private static LaurelProcess laurel;
    private static LaurelApi api;
    private static String admin;
    private static LabelingCrowd crowd;
    private static CampaignAudit audit;
    private static ReadinessProbe readiness;
    private static Instant stopped;
    private static Instant started;
    private static Instant readyAgain;
    private static Instant recoveredAnswersBegin;
    private static Instant backlogPublished;
    private static Instant backlogApplied;

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void labelersAnswerWhileTheBrokerIsDown() {
        database = ScratchDatabase.create("broker_outage");
        vhost = ScratchVhost.create("broker-outage");
        laurel = LaurelProcess.named("broker-outage").database(database).vhost(vhost)
                .roles("web") // the answer path only
                // random answers trip the position-bias signal now and then; a dropped answer is never scored
                .env("LAUREL_QUALITY_ACTIONS_POSITION_BIAS", "WARN").start();
        api = new LaurelApi(laurel);
        admin = api.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
        long campaign = LabelingCrowd.openPairwiseCampaign(api, api.user(admin, "modeler", LaurelApi.unique("team")),
                database, PROMPTS, OVERLAP, 600);
        audit = new CampaignAudit(database, campaign);
        // about 20 answers/s: below what the consumers apply on a busy 2-core machine (quality ~25 events/s when
        // labelers answer flat out), so the outage's backlog drains while answers go on
        crowd = new LabelingCrowd(api, campaign, LabelingCrowd.labelers(api, admin, LABELERS)).thinkTime(500, 1200);
        readiness = new ReadinessProbe(laurel);
        crowd.start();
        Faults.await("50 answers before the outage", Duration.ofSeconds(60), () -> crowd.acknowledgedCount() >= 50);
        crowd.phase("outage");
        stopped = Instant.now();
        try {
            Faults.rabbitmqctl("stop_app");
            System.out.printf("%s: broker stopped (stop_app took %.1f s)%n", NAME, Faults.seconds(stopped, Instant.now()));
            Faults.await("readiness DOWN while the broker is stopped", OUTAGE,
                    () -> readiness.first(ReadinessProbe.State.DOWN, stopped).isPresent());
            Instant end = stopped.plus(OUTAGE);
            while (Instant.now().isBefore(end)) {
                Faults.sleep(200);
            }
        } catch (AssertionError | RuntimeException e) {
            System.err.println(NAME + ": " + e);
        } finally {
            started = Instant.now();
            Faults.rabbitmqctl("start_app");
        }
        crowd.phase("recovery");
        System.out.printf("%s: broker started again (start_app took %.1f s)%n", NAME, Faults.seconds(started, Instant.now()));
        Faults.await("readiness UP after the broker is back", Duration.ofSeconds(90),
                () -> readiness.first(ReadinessProbe.State.UP, started).isPresent());
        readyAgain = readiness.first(ReadinessProbe.State.UP, started).orElseThrow().at();
        crowd.phase("after");
        recoveredAnswersBegin = Instant.now();
        // the backlog the outage left (labelers keep answering meanwhile)
        Faults.await("the outage's events to be published", SETTLE, () -> audit.unpublishedBefore(started) == 0);
        backlogPublished = Instant.now();
        Faults.await("the outage's answers to be applied", SETTLE, () -> audit.unappliedBefore(started) == 0);
        backlogApplied = Instant.now();
        long before = crowd.acknowledgedCount();
        Faults.await("50 answers after recovery", Duration.ofSeconds(60), () -> crowd.acknowledgedCount() >= before + 50);
        crowd.stop();
        System.out.println(NAME + " replies per phase: " + crowd.replies());
        System.out.println(NAME + " readiness (seconds from stop_app; slowest answer "
                + readiness.slowestMillis() + " ms):\n" + readiness.describe(stopped));
    }

    @AfterAll
    static void stopEverything() {
        Faults.quietly(NAME, () -> Faults.rabbitmqctl("start_app")); // whatever happened: the broker runs again
        Faults.quietly(NAME, () -> readiness.close());
        Faults.quietly(NAME, () -> crowd.close());
        Faults.quietly(NAME, () -> System.out.printf("%s: %s logged %d ERROR lines (%s)%n", NAME, laurel.name(),
                laurel.logLines(" ERROR ").size(), laurel.logFile()));
        Faults.quietly(NAME, () -> laurel.stop());
        Faults.quietly(NAME, () -> vhost.delete());
    }

    @Test
    @Order(1)
    void answersAreAcceptedWhileTheBrokerIsDown() {
        long during = crowd.acknowledgedBetween(stopped, started);
        System.out.printf("%s: %d answers accepted during the %.0f s outage; replies then: %s%n", NAME, during,
                Faults.seconds(stopped, started), crowd.replies("outage"));
        assertTrue(during > 0, "no answer was accepted while the broker was down");
        assertEquals(0, crowd.count("outage", 503) + crowd.count("outage", 500) + crowd.count("outage", -1),
                () -> "answers need only the database: " + crowd.replies("outage"));
        assertTrue(crowd.unexpected().isEmpty(), () -> crowd.unexpected().size() + " unexpected replies, e.g. "
                + crowd.unexpected().stream().limit(5).toList());
    }

    @Test
    @Order(2)
    void readinessIsDownDuringTheOutageAndUpAfter() {
        var down = readiness.first(ReadinessProbe.State.DOWN, stopped);
        assertTrue(down.isPresent() && down.get().at().isBefore(started),
                () -> "readiness never went DOWN while the broker was stopped:\n" + readiness.describe(stopped));
        System.out.printf("%s: readiness DOWN %.1f s after stop_app (%s); UP %.1f s after start_app%n", NAME,
                Faults.seconds(stopped, down.get().at()), down.get().detail().length() > 200
                        ? down.get().detail().substring(0, 200) + "…" : down.get().detail(),
                Faults.seconds(started, readyAgain));
        assertEquals(ReadinessProbe.State.UP, readiness.current(), () -> readiness.describe(stopped));
    }

    @Test
    @Order(3)
    void everyAcknowledgedAnswerIsStoredOnce() {
        System.out.println(NAME + " answers: "
                + audit.assertAcknowledgedAnswersStoredOnce(crowd.acknowledged(), crowd.undecidedAnswers()));
    }

    @Test
    @Order(4)
    void afterRecoveryTheOutboxDrainsAndEveryEventIsAppliedOnce() {
        Duration outbox = audit.awaitOutboxDrained(SETTLE);
        String summary = audit.awaitEveryEventAppliedOnce(SETTLE);
        System.out.printf("%s recovery: start_app → ready UP %.1f s, → the outage's events published (outbox backlog"
                        + " empty) %.1f s, → the outage's answers all applied %.1f s; %d answers were accepted during the"
                        + " outage; after the labelers stopped the outbox was empty within %.1f s%n", NAME,
                Faults.seconds(started, readyAgain), Faults.seconds(started, backlogPublished),
                Faults.seconds(started, backlogApplied), crowd.acknowledgedBetween(stopped, started), Faults.seconds(outbox));
        System.out.println(NAME + " events: " + summary);
        assertEquals("[]", CampaignAudit.parked(api, admin), "parked events");
        long afterRecovery = crowd.acknowledgedBetween(recoveredAnswersBegin, Instant.now());
        assertTrue(afterRecovery >= 50, "answers after recovery: " + afterRecovery);
    }
}
