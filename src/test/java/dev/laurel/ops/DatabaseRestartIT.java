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
 * PostgreSQL restarts while labelers answer through a process started from the packaged jar. The
 * restart is a stop, a gap of a few seconds (until readiness has reported DOWN, so that every run sees
 * the gap rather than only a lucky one), and a start; the scratch database survives it. Requests in
 * the gap get 503 problem+json with {@code Retry-After} — never 500 —, readiness is DOWN in the gap,
 * and Laurel recovers without a restart of its own: ready again, answers accepted, every event
 * applied once. Prints the recovery times and the replies counted in the gap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseRestartIT {
    private static final String NAME = "DatabaseRestartIT";
    private static final int LABELERS = 20;
    private static final int PROMPTS = 1500;
    private static final int OVERLAP = 3;
    /** How long the database stays down at least (longer if readiness takes longer to notice). */
    private static final Duration GAP = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static ScratchDatabase database;
    private static ScratchVhost vhost;
    private static LaurelProcess laurel;
    private static LaurelApi api;
    private static String admin;
    private static LabelingCrowd crowd;
    private static CampaignAudit audit;
    private static ReadinessProbe readiness;
    private static Instant stopping;
    private static Instant stopped;
    private static Instant started;
    private static Instant readyAgain;
    private static Instant answersAgain;
    private static Instant backlogApplied;

    @BeforeAll
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    static void labelersAnswerWhileTheDatabaseRestarts() {
        database = ScratchDatabase.create("database_restart");
        vhost = ScratchVhost.create("database-restart");
        laurel = LaurelProcess.named("database-restart").database(database).vhost(vhost)
                .roles("web") // the answer path only
                // random answers trip the position-bias signal now and then; a dropped answer is never scored
                .env("LAUREL_QUALITY_ACTIONS_POSITION_BIAS", "WARN").start();
        api = new LaurelApi(laurel);
        admin = api.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
        long campaign = LabelingCrowd.openPairwiseCampaign(api, api.user(admin, "modeler", LaurelApi.unique("team")),
                database, PROMPTS, OVERLAP, 600);
        audit = new CampaignAudit(database, campaign);
        crowd = new LabelingCrowd(api, campaign, LabelingCrowd.labelers(api, admin, LABELERS));
        readiness = new ReadinessProbe(laurel);
        crowd.start();
        Faults.await("100 answers before the restart", Duration.ofSeconds(60), () -> crowd.acknowledgedCount() >= 100);
        crowd.phase("gap");
        stopping = Instant.now();
        try {
            Faults.postgres("stop");
            stopped = Instant.now();
            Faults.await("readiness DOWN while the database is stopped", Duration.ofSeconds(30),
                    () -> readiness.first(ReadinessProbe.State.DOWN, stopping).isPresent());
            while (Instant.now().isBefore(stopped.plus(GAP))) {
                Faults.sleep(100);
            }
        } catch (AssertionError | RuntimeException e) {
            System.err.println(NAME + ": " + e);
        } finally {
            started = Instant.now();
            Faults.postgres("start");
        }
        crowd.phase("recovery");
        System.out.printf("%s: PostgreSQL stopped in %.1f s, down %.1f s, started in %.1f s%n", NAME,
                Faults.seconds(stopping, stopped == null ? started : stopped),
                Faults.seconds(stopped == null ? stopping : stopped, started), Faults.seconds(started, Instant.now()));
        Faults.await("readiness UP after the database is back", SETTLE,
                () -> readiness.first(ReadinessProbe.State.UP, started).isPresent());
        readyAgain = readiness.first(ReadinessProbe.State.UP, started).orElseThrow().at();
        Faults.await("an answer accepted after the restart", SETTLE, () -> crowd.firstAcknowledgedAfter(started).isPresent());
        answersAgain = crowd.firstAcknowledgedAfter(started).orElseThrow();
        crowd.phase("after");
        Faults.await("the answers from before the restart to be applied", SETTLE, () -> audit.unappliedBefore(started) == 0);
        backlogApplied = Instant.now();
        long before = crowd.acknowledgedCount();
        Faults.await("100 answers after recovery", SETTLE, () -> crowd.acknowledgedCount() >= before + 100);
        crowd.stop();
        System.out.println(NAME + " replies per phase: " + crowd.replies());
        System.out.println(NAME + " readiness (seconds from the stop; slowest answer "
                + readiness.slowestMillis() + " ms):\n" + readiness.describe(stopping));
    }

    @AfterAll
    static void stopEverything() {
        Faults.quietly(NAME, () -> {
            if (Faults.run(java.util.List.of("pg_lsclusters", "-h"), Duration.ofSeconds(10)).contains("down")) {
                Faults.postgres("start"); // whatever happened: the database runs again
            }
        });
        Faults.quietly(NAME, () -> readiness.close());
        Faults.quietly(NAME, () -> crowd.close());
        Faults.quietly(NAME, () -> System.out.printf("%s: %s logged %d ERROR lines (%s)%n", NAME, laurel.name(),
                laurel.logLines(" ERROR ").size(), laurel.logFile()));
        Faults.quietly(NAME, () -> laurel.stop());
        Faults.quietly(NAME, () -> vhost.delete());
    }

    @Test
    @Order(1)
    void requestsInTheGapGet503WithRetryAfterNever500() {
        String gap = "replies while the database was down: " + crowd.replies("gap") + "; while it came back: "
                + crowd.replies("recovery");
        System.out.println(NAME + " " + gap);
        assertTrue(crowd.count("gap", 503) > 0, () -> "no request saw the gap; " + gap);
        assertTrue(crowd.unexpected().isEmpty(), () -> crowd.unexpected().size() + " unexpected replies (500s?), e.g. "
                + crowd.unexpected().stream().limit(5).toList() + "; " + gap);
        assertTrue(crowd.malformedUnavailable().isEmpty(), () -> crowd.malformedUnavailable().size()
                + " 503s without Retry-After or problem+json, e.g. " + crowd.malformedUnavailable().stream().limit(5).toList());
    }

    @Test
    @Order(2)
    void readinessIsDownInTheGapAndUpWithoutARestartOfLaurel() {
        var down = readiness.first(ReadinessProbe.State.DOWN, stopping);
        assertTrue(down.isPresent() && down.get().at().isBefore(started),
                () -> "readiness never went DOWN while the database was stopped:\n" + readiness.describe(stopping));
        assertTrue(laurel.isAlive(), "Laurel's process died");
        assertEquals(ReadinessProbe.State.UP, readiness.current(), () -> readiness.describe(stopping));
        System.out.printf("%s recovery: readiness DOWN %.1f s after the stop; after the start: ready UP %.1f s,"
                        + " first answer accepted %.1f s, the answers from before all applied %.1f s%n", NAME,
                Faults.seconds(stopping, down.get().at()), Faults.seconds(started, readyAgain),
                Faults.seconds(started, answersAgain), Faults.seconds(started, backlogApplied));
    }

    @Test
    @Order(3)
    void everyAcknowledgedAnswerIsStoredOnce() {
        System.out.println(NAME + " answers: "
                + audit.assertAcknowledgedAnswersStoredOnce(crowd.acknowledged(), crowd.undecidedAnswers()));
    }

    @Test
    @Order(4)
    void everyEventIsAppliedOnceAndNoneIsParked() {
        Duration outbox = audit.awaitOutboxDrained(SETTLE);
        String summary = audit.awaitEveryEventAppliedOnce(SETTLE);
        System.out.printf("%s: outbox empty %.1f s after the labelers stopped%n", NAME, Faults.seconds(outbox));
        System.out.println(NAME + " events: " + summary);
        assertEquals("[]", CampaignAudit.parked(api, admin), "parked events");
    }
}
