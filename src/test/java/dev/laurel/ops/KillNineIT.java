package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Thirty labelers answer through a Laurel process started from the packaged jar while the process is
 * killed with SIGKILL (no shutdown hook, no graceful drain) three times in the middle of answers and
 * started again each time (half the labelers walk away from a task whose answer got no reply, leaving
 * its lease behind; the others send the answer again). Afterwards every acknowledged answer is stored exactly once, the leases
 * the dead process had handed out expire and go back to the pool, the outbox drains and every event
 * is applied once — the at-least-once relay and the idempotent consumers at work.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KillNineIT {
    private static final String NAME = "KillNineIT";
    private static final int LABELERS = 30;
    private static final int PROMPTS = 1500;
    private static final int OVERLAP = 3;
    /** Short leases: those the dead process handed out run out while it restarts. */
    // shorter than a restart (5–6 s here), so the killed process's leases run out before its labelers can resume them
    private static final int LEASE_SECONDS = 3;
    private static final int KILLS = 3;
    private static final int ANSWERS_BETWEEN_KILLS = 150;
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private static ScratchDatabase database;
    private static ScratchVhost vhost;
    private static LaurelProcess laurel;
    private static LaurelApi api;
    private static String admin;
    private static LabelingCrowd crowd;
    private static CampaignAudit audit;
    /** Leases held in the database the moment the process died, over all kills. */
    private static final Set<Long> leasesOfTheDead = new HashSet<>();
    private static final List<String> kills = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    static void labelersAnswerWhileTheProcessIsKilledThreeTimes() {
        database = ScratchDatabase.create("kill_nine");
        vhost = ScratchVhost.create("kill-nine");
        laurel = LaurelProcess.named("kill-nine").database(database).vhost(vhost)
                .env("LAUREL_LEASE_REAPER_INTERVAL", "1s")
                .roles("web") // the answer path only, no DJL engines to load: restarts are quicker
                // random answers trip the position-bias signal now and then; a dropped answer is never scored
                .env("LAUREL_QUALITY_ACTIONS_POSITION_BIAS", "WARN")
                .start();
        api = new LaurelApi(laurel);
        admin = api.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
        long campaign = LabelingCrowd.openPairwiseCampaign(api, api.user(admin, "modeler", LaurelApi.unique("team")),
                database, PROMPTS, OVERLAP, LEASE_SECONDS);
        audit = new CampaignAudit(database, campaign);
        crowd = new LabelingCrowd(api, campaign, LabelingCrowd.labelers(api, admin, LABELERS));
        crowd.start();
        for (int kill = 1; kill <= KILLS; kill++) {
            crowd.phase("answering-" + kill);
            long before = crowd.acknowledgedCount();
            Faults.await(ANSWERS_BETWEEN_KILLS + " answers before kill " + kill, Duration.ofSeconds(60),
                    () -> crowd.acknowledgedCount() >= before + ANSWERS_BETWEEN_KILLS);
            Instant killed = Instant.now();
            long justBefore = crowd.acknowledgedBetween(killed.minusSeconds(1), killed);
            laurel.kill9();
            crowd.phase("dead-" + kill);
            Set<Long> held = audit.leaseIds();
            leasesOfTheDead.addAll(held);
            laurel.start();
            Instant ready = Instant.now();
            crowd.phase("restarted-" + kill);
            Duration firstAnswer = Faults.await("an answer accepted after restart " + kill, Duration.ofSeconds(30),
                    () -> crowd.firstAcknowledgedAfter(ready).isPresent());
            Duration leasesBack = Faults.await("the dead process's leases to be returned", Duration.ofSeconds(30),
                    () -> !audit.statusesOf(held).containsKey("LEASED"));
            String line = String.format("kill %d: %d answers acknowledged in the second before SIGKILL, %d leases held;"
                            + " ready again %.1f s after the kill, first answer accepted %.1f s after ready,"
                            + " the dead leases all returned %.1f s after ready (now %s)",
                    kill, justBefore, held.size(), Faults.seconds(killed, ready), Faults.seconds(firstAnswer),
                    Faults.seconds(leasesBack), audit.statusesOf(held));
            kills.add(line);
            System.out.println(NAME + " " + line);
        }
        crowd.phase("after");
        long before = crowd.acknowledgedCount();
        Faults.await(ANSWERS_BETWEEN_KILLS + " answers after the last restart", Duration.ofSeconds(60),
                () -> crowd.acknowledgedCount() >= before + ANSWERS_BETWEEN_KILLS);
        crowd.stop();
        System.out.println(NAME + " replies per phase: " + crowd.replies());
    }

    @AfterAll
    static void stopEverything() {
        Faults.quietly(NAME, () -> crowd.close());
        Faults.quietly(NAME, () -> System.out.printf("%s: %s logged %d ERROR lines (%s)%n", NAME, laurel.name(),
                laurel.logLines(" ERROR ").size(), laurel.logFile()));
        Faults.quietly(NAME, () -> laurel.stop());
        Faults.quietly(NAME, () -> vhost.delete());
    }

    @Test
    @Order(1)
    void everyAcknowledgedAnswerIsStoredExactlyOnce() {
        String summary = audit.assertAcknowledgedAnswersStoredOnce(crowd.acknowledged(), crowd.undecidedAnswers());
        System.out.println(NAME + " answers: " + summary);
        assertTrue(crowd.unexpected().isEmpty(), () -> crowd.unexpected().size() + " unexpected replies, e.g. "
                + crowd.unexpected().stream().limit(5).toList());
        assertEquals(KILLS, kills.size());
    }

    @Test
    @Order(2)
    void leasesOfTheKilledProcessExpireAndAreReturned() {
        assertFalse(leasesOfTheDead.isEmpty(), "the process held no lease when it was killed");
        Map<String, Long> outcome = audit.statusesOf(leasesOfTheDead);
        System.out.println(NAME + " leases held at the kills: " + leasesOfTheDead.size() + " → " + outcome);
        assertFalse(outcome.containsKey("LEASED"), () -> "leases of the killed process still held: " + outcome);
        assertTrue(outcome.getOrDefault("EXPIRED", 0L) > 0, () -> "no lease of the killed process expired: " + outcome);
        Duration took = audit.awaitLeasesReturnedAndCountersInStep(Duration.ofSeconds(LEASE_SECONDS + 20));
        System.out.printf("%s: every lease returned %.1f s after the labelers stopped; task counters in step%n", NAME,
                Faults.seconds(took));
    }

    @Test
    @Order(3)
    void theOutboxDrains() {
        Duration took = audit.awaitOutboxDrained(SETTLE);
        System.out.printf("%s: outbox empty %.1f s after the labelers stopped%n", NAME, Faults.seconds(took));
    }

    @Test
    @Order(4)
    void everyEventIsAppliedOnceAndNoneIsParked() {
        String summary = audit.awaitEveryEventAppliedOnce(SETTLE);
        System.out.println(NAME + " events: " + summary);
        assertEquals("[]", CampaignAudit.parked(api, admin), "parked events");
    }
}
