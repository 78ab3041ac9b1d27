package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What two web pods must share, tested on two processes of the packaged jar on one database and vhost (in-JVM tests
 * cannot see it: one process shares everything with itself):
 * <ul>
 *   <li>an API token's request budget ({@code platform/RateLimits#shared}) holds for the cluster, not per process:
 *   requests spread over both are refused once the token's total is over the limit, with 429 and Retry-After;</li>
 *   <li>a campaign paused through one process stops leases through the other at once (its cached campaign terms
 *   are invalidated across processes), not when a cache entry happens to expire.</li>
 * </ul>
 */
class SharedStateIT {
    /** Small, so that a few seconds of requests exceed it; every token of the test has its own budget of this. */
    private static final int REQUESTS_PER_MINUTE = 40;
    /** How fast the test sends the rate-limited requests, both processes together. */
    private static final int REQUESTS_PER_SECOND = 10;
    private static final int REQUESTS = 100;
    /**
     * Each process shares its counts once a second, so the cluster may let through a second or two of traffic more
     * (three allowed for a busy machine); counting per process would let 2 × the limit through, above this.
     */
    private static final int SHARING_SLACK = 3 * REQUESTS_PER_SECOND;
    private static final Duration PAUSE_DEADLINE = Duration.ofSeconds(2);

    private static ScratchDatabase database;
    private static ScratchVhost vhost;
    private static LaurelProcess first;
    private static LaurelProcess second;
    private static LaurelApi one;
    private static LaurelApi two;
    private static String admin;
    private static Instant begin;

    @BeforeAll
    static void twoWebProcesses() throws Exception {
        begin = Instant.now();
        database = ScratchDatabase.create("shared_state");
        vhost = ScratchVhost.create("shared-state");
        String pseudonymSecret = LaurelProcess.randomKey(32);
        String modelKey = LaurelProcess.randomKey(32);
        // two web pods of one deployment; the first migrates the database and creates the admin
        first = process("shared-state-1", pseudonymSecret, modelKey).start();
        second = process("shared-state-2", pseudonymSecret, modelKey).start();
        System.out.printf("SharedStateIT: two processes ready in %d s%n", Duration.between(begin, Instant.now()).toSeconds());
        one = new LaurelApi(first);
        two = new LaurelApi(second);
        admin = one.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
    }

    private static LaurelProcess.Builder process(String name, String pseudonymSecret, String modelKey) {
        return LaurelProcess.named(name).database(database).vhost(vhost).roles("web")
                .pseudonymSecret(pseudonymSecret).modelSecretKey(modelKey)
                .env("LAUREL_API_REQUESTS_PER_MINUTE", String.valueOf(REQUESTS_PER_MINUTE));
    }

    @AfterAll
    static void stop() {
        for (LaurelProcess process : new LaurelProcess[] {first, second}) {
            if (process != null) {
                try {
                    process.stop();
                } catch (RuntimeException e) {
                    System.err.println("SharedStateIT cleanup: " + e);
                }
            }
        }
        if (vhost != null) {
            try {
                vhost.delete();
            } catch (RuntimeException e) {
                System.err.println("SharedStateIT cleanup: " + e);
            }
        }
        if (begin != null) {
            System.out.printf("SharedStateIT: %d s in all%n", Duration.between(begin, Instant.now()).toSeconds());
        }
    }

    @Test
    void aTokensRequestBudgetHoldsAcrossBothProcesses() throws Exception {
        LaurelApi.User labeler = one.user(admin, "labeler", null);
        // the budget is a window of a minute on the clock: all requests go into one window
        int secondOfMinute = Instant.now().atZone(ZoneOffset.UTC).getSecond();
        if (secondOfMinute > 60 - REQUESTS / REQUESTS_PER_SECOND - 15) {
            Thread.sleep((61 - secondOfMinute) * 1000L);
        }
        List<Integer> statuses = new ArrayList<>();
        List<String> refusedBy = new ArrayList<>();
        List<String> acceptedBy = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            long due = start + i * 1_000_000_000L / REQUESTS_PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            boolean onFirst = i % 2 == 0;
            LaurelApi.Reply reply = (onFirst ? one : two).get(labeler.token(), "/api/me");
            statuses.add(reply.status());
            String process = onFirst ? first.name() : second.name();
            if (reply.status() == 200) {
                acceptedBy.add(process);
            } else {
                assertEquals(429, reply.status(), reply.body());
                String retryAfter = reply.header("Retry-After");
                assertTrue(retryAfter != null && Integer.parseInt(retryAfter) >= 1 && Integer.parseInt(retryAfter) <= 60,
                        "429 says when to try again: " + retryAfter);
                assertTrue(reply.body().contains("requests with this API token"), reply.body());
                refusedBy.add(process);
            }
        }
        long accepted = acceptedBy.size();
        System.out.printf("SharedStateIT: %d of %d requests at %d/s over two processes accepted (limit %d per minute; "
                        + "per-process counting would accept %d); accepted by %s%n", accepted, REQUESTS, REQUESTS_PER_SECOND,
                REQUESTS_PER_MINUTE, 2 * REQUESTS_PER_MINUTE,
                acceptedBy.stream().collect(Collectors.groupingBy(p -> p, Collectors.counting())));
        assertTrue(accepted >= REQUESTS_PER_MINUTE, "the whole budget is usable: " + accepted + " " + statuses);
        assertTrue(accepted <= REQUESTS_PER_MINUTE + SHARING_SLACK,
                "the budget is the cluster's, not each process's: " + accepted + " accepted " + statuses);
        assertTrue(refusedBy.contains(first.name()) && refusedBy.contains(second.name()),
                "both processes refuse once the token's total is over: " + refusedBy);
        // once over, it stays refused on both until the window ends
        List<Integer> last = statuses.subList(statuses.size() - 20, statuses.size());
        assertTrue(last.stream().allMatch(s -> s == 429), "the last requests are all refused: " + statuses);
    }

    @Test
    void aCampaignPausedThroughOneProcessStopsLeasesThroughTheOther() {
        LaurelApi.User modeler = one.user(admin, "modeler", LaurelApi.unique("team"));
        LaurelApi.User labeler = two.user(admin, "labeler", null);
        // polled for its tasks in the database: the modeler's budget of REQUESTS_PER_MINUTE is for the pause
        long campaign = LabelingCrowd.openPairwiseCampaign(one, modeler, database, 20, 1, 300);
        String next = "/api/campaigns/" + campaign + "/tasks/next";
        // the other process serves the campaign (and so holds its terms)
        two.post(labeler.token(), next, null).expect(200);

        one.post(modeler.token(), "/api/campaigns/" + campaign + "/pause", null).expect(200);
        Instant paused = Instant.now();
        LaurelApi.Reply reply;
        int polls = 0;
        do {
            reply = two.post(labeler.token(), next, null);
            polls++;
            if (reply.status() == 200) {
                sleep(100);
            }
        } while (reply.status() == 200 && Duration.between(paused, Instant.now()).compareTo(PAUSE_DEADLINE.plusSeconds(1)) < 0);
        Duration stopped = Duration.between(paused, Instant.now());
        System.out.printf("SharedStateIT: leases through the other process stopped %d ms after the pause (%d polls)%n",
                stopped.toMillis(), polls);
        assertEquals(409, reply.status(), "a paused campaign gives no task: " + reply.body());
        assertTrue(reply.body().contains("not open for labeling"), reply.body());
        assertTrue(stopped.compareTo(PAUSE_DEADLINE) <= 0, "stopped within " + PAUSE_DEADLINE.toMillis() + " ms: "
                + stopped.toMillis() + " ms");
        // and it stays stopped on both
        one.post(labeler.token(), next, null).expect(409);
        two.post(labeler.token(), next, null).expect(409);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
