package dev.laurel.quality;

import static dev.laurel.Fixtures.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.laurel.Fixtures;
import dev.laurel.account.WalletFixtures;
import dev.laurel.game.LedgerEntry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/**
 * Acceptance of the incentive economy (issue 13): a season of 15 simulated days and 3 payout epochs
 * against a hostile crowd, through the REST API with each labeler's own API token. Honest labelers
 * (right 90 % of the time), noisy ones (65 %), random spammers, always-left clickers, and a ring of 5
 * that answers every task it gets from one shared answer stream (as accurate as an honest labeler:
 * one member works, four copy), on a pairwise campaign with check questions (gold 10 %, honeypots
 * 5 %); probation, the gold floor, abuse signals and collusion detection as in production
 * ({@link EconomySeasonProfile}); and 20 sock-puppet registrations from one address in a burst.
 *
 * <p>Simulated time: a simulated day is a slice of real time (the crowd's sessions of that day, run
 * by a few parallel clients, then the quality recompute the scheduler would run, then the events
 * drained); an epoch window covers five days' slices and is computed by the product after it ends
 * ({@code POST /api/payout/epochs}, {@code …/compute}) once its points have settled (the window's end plus the
 * settlement delay, production's 72 h scaled to 30 s; before then the product refuses with 409), like the cadence
 * would. Nothing is written to
 * the database by the test. Because the season runs ~10⁴ times faster than real time, the season's
 * reward rule (published through the admin API) scales the rule's two clock terms with it: no
 * minimum seconds per answer (a farmer's bot waits the 3 s anyway, so it gains nothing here that it
 * would not have in production) and a daily cap of 15 days' worth, since the whole season falls on
 * one calendar day. Everything else is the production rule.
 *
 * <p>Asserted: tokens per accepted answer of spammers, always-left clickers and colluders each under 5 %
 * of the honest labelers'; at most 5 % of honest labelers flagged; at least 90 % of the cheaters caught
 * (flagged, reversed on probation, or dropped); registrations beyond the address's budget refused with
 * 429 and Retry-After. The per-cohort table is printed for the note.
 */
@QuarkusTest
@TestProfile(EconomySeasonProfile.class)
// on demand (-Dlaurel.season=true), not in the suite: about 160 s of season plus start (run 2026-12-06: passes)
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "laurel.season", matches = "true", disabledReason =
        "Run with -Dlaurel.season=true (about 3.5 minutes). Last runs 2026-12-06 (118 s and 133 s of season): spammers,"
        + " always-left and the ring of 5 earn 0 tokens (21 and 20 of 21 caught), 0 of 20 honest flagged, sock-puppets"
        + " throttled (5 pass, 15 get 429). The ring must be caught before its points settle, 30 s of wall clock: on a"
        + " busy machine a simulated day takes longer and that window covers fewer days.")
class EconomySeasonTest {
    private static final Pattern REAL_REPLY = Pattern.compile("(terse|verbose) answer to \\d+");
    private static final List<String> CHOICES = List.of("A", "B", "TIE", "BOTH_BAD");
    private static final int DAYS = 15;
    private static final int DAYS_PER_EPOCH = 5;
    private static final int PROMPTS = 2000;
    private static final int GOLD_ITEMS = 80;
    /** The settlement delay of the season ({@link EconomySeasonProfile}): production's 72 h, three simulated days (~10 s each). */
    static final Duration SETTLEMENT = Duration.ofSeconds(30);
    /** 1000 tokens of 18 decimals an epoch. */
    private static final BigInteger BUDGET = BigInteger.TEN.pow(21);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    enum Cohort {
        HONEST(20), NOISY(6), SPAMMER(8), ALWAYS_LEFT(8), COLLUDER(5);

        final int size;

        Cohort(int size) {
            this.size = size;
        }

        boolean isCheater() {
            return this == SPAMMER || this == ALWAYS_LEFT || this == COLLUDER;
        }
    }

    /** One simulated labeler and what the simulation counted for them. */
    static final class Member {
        final Fixtures.User user;
        final Cohort cohort;
        final Random random;
        int accepted;
        boolean refused;

        Member(Fixtures.User user, Cohort cohort, long seed) {
            this.user = user;
            this.cohort = cohort;
            this.random = new Random(seed);
        }
    }

    @Inject
    EntityManager em;

    @Test
    void aSeasonAgainstAHostileCrowdPaysCheatersAlmostNothing() throws Exception {
        Map<String, Object> puppets = sockPuppetBurst();
        String admin = Fixtures.adminToken();
        as(admin).contentType(ContentType.JSON).body(Map.of("basePoints", 10, "minMillisPerTask", 0,
                        "dailyCap", 1000L * DAYS, "note", "season simulation: the clock terms scaled with simulated time"))
                .post("/api/admin/rules").then().statusCode(201);

        Fixtures.User modeler = Fixtures.modeler();
        long campaign = QualityFixtures.draftWithGold(modeler, PROMPTS, 3, GOLD_ITEMS);
        QualityFixtures.settings(modeler, campaign, Map.of("goldRate", 0.20, "honeypotRate", 0.05));
        QualityFixtures.open(modeler, campaign);

        List<Member> crowd = new ArrayList<>();
        long seed = 13_000;
        for (Cohort cohort : Cohort.values()) {
            for (int i = 0; i < cohort.size; i++) {
                Fixtures.User user = Fixtures.labeler();
                WalletFixtures.link(user.token(), Keys.createEcKeyPair()); // everyone can be paid
                crowd.add(new Member(user, cohort, seed++));
            }
        }
        List<Member> ring = crowd.stream().filter(m -> m.cohort == Cohort.COLLUDER).toList();
        Random days = new Random(20_260_113);

        long started = System.nanoTime();
        Instant windowStart = Instant.now();
        List<Long> epochs = new ArrayList<>();
        List<Object[]> unsettled = new ArrayList<>(); // (number, window end): opened, computed once settled
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int day = 1; day <= DAYS; day++) {
                // the day's sessions in random order, four at a time; the ring works as one session
                List<Runnable> sessions = new ArrayList<>();
                for (Member member : crowd) {
                    if (member.cohort != Cohort.COLLUDER && days.nextDouble() < 0.85) {
                        int answers = 10 + days.nextInt(9);
                        sessions.add(() -> session(member, campaign, answers));
                    }
                }
                if (days.nextDouble() < 0.85) {
                    int answers = 10 + days.nextInt(9);
                    sessions.add(() -> ringSession(ring, campaign, answers));
                }
                Collections.shuffle(sessions, days);
                List<Future<?>> running = new ArrayList<>();
                sessions.forEach(s -> running.add(pool.submit(s)));
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
                drain();
                // what the scheduler does every few minutes: consensus, reliabilities, collusion; flags and drops
                as(admin).post("/api/admin/quality/recompute").then().statusCode(200);
                drain();
                if (day % DAYS_PER_EPOCH == 0) {
                    Instant windowEnd = Instant.now();
                    Thread.sleep(5);
                    unsettled.add(new Object[] {openEpoch(admin, windowStart, windowEnd), windowEnd});
                    windowStart = windowEnd;
                }
                // what the cadence does: compute each epoch once its window plus the settlement delay has passed
                computeSettled(admin, unsettled, epochs);
                long answered = crowd.stream().mapToLong(m -> m.accepted).sum();
                System.out.printf(Locale.ROOT, "season: day %d done, %d answers so far, %d s%n", day, answered,
                        (System.nanoTime() - started) / 1_000_000_000L);
            }
            // the last window settles after the season: the scheduler's recomputes go on meanwhile
            while (!unsettled.isEmpty()) {
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), ((Instant) unsettled.get(0)[1]).plus(SETTLEMENT))
                        .toMillis()) + 100);
                as(admin).post("/api/admin/quality/recompute").then().statusCode(200);
                drain();
                computeSettled(admin, unsettled, epochs);
            }
        } finally {
            pool.shutdownNow();
        }

        // ---- what each labeler ended with, read back through the API (and the ledger for probation reversals)
        JsonPath quality = as(modeler.token()).get("/api/campaigns/" + campaign + "/quality").then().statusCode(200)
                .extract().jsonPath();
        Map<Long, Set<String>> flags = new HashMap<>();
        for (Map<String, Object> flag : quality.<Map<String, Object>>getList("flags")) {
            flags.computeIfAbsent(((Number) flag.get("labelerId")).longValue(), id -> new HashSet<>())
                    .add(flag.get("signal") + "/" + flag.get("action"));
        }
        Map<Cohort, long[]> totals = new EnumMap<>(Cohort.class); // accepted, points, flagged, caught, released
        Map<Cohort, BigInteger> tokens = new EnumMap<>(Cohort.class);
        Map<Cohort, List<String>> signals = new EnumMap<>(Cohort.class);
        for (Member member : crowd) {
            long id = member.user.id();
            JsonPath progress = as(member.user.token()).get("/api/me/progress").then().statusCode(200).extract().jsonPath();
            BigInteger paid = as(member.user.token()).get("/api/payout/allocations").then().statusCode(200).extract()
                    .jsonPath().<String>getList("amount").stream().map(BigInteger::new).reduce(BigInteger.ZERO, BigInteger::add);
            long probationReversals = QuarkusTransaction.requiringNew().call(() -> LedgerEntry.count(
                    "labelerId = ?1 and kind = ?2 and reason like '%pending on probation and reversed%'", id,
                    LedgerEntry.Kind.REVERSAL));
            Set<String> mine = flags.getOrDefault(id, Set.of());
            boolean dropped = mine.stream().anyMatch(f -> f.endsWith("/DROP") || f.endsWith("/SUSPEND"));
            boolean caught = !mine.isEmpty() || probationReversals > 0 || dropped;
            long[] t = totals.computeIfAbsent(member.cohort, c -> new long[5]);
            t[0] += member.accepted;
            t[1] += progress.getLong("points");
            t[2] += mine.isEmpty() ? 0 : 1;
            t[3] += caught ? 1 : 0;
            t[4] += progress.get("probation") == null ? 1 : 0;
            tokens.merge(member.cohort, paid, BigInteger::add);
            mine.forEach(f -> signals.computeIfAbsent(member.cohort, c -> new ArrayList<>()).add(f));
        }

        BigDecimal honestRate = perAnswer(tokens.get(Cohort.HONEST), totals.get(Cohort.HONEST)[0]);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%nSeason: %d simulated days, %d epochs of %s tokens, %d s of real time; campaign %d (gold 20 %%, honeypots 5 %%)%n",
                DAYS, epochs.size(), new BigDecimal(BUDGET).movePointLeft(18).stripTrailingZeros().toPlainString(),
                (System.nanoTime() - started) / 1_000_000_000L, campaign));
        table.append(String.format(Locale.ROOT, "%-12s %4s %8s %8s %14s %16s %9s %8s %7s %9s%n", "cohort", "n", "accepted",
                "points", "tokens", "tokens/accepted", "vs honest", "released", "flagged", "caught"));
        Map<Cohort, Double> ratio = new EnumMap<>(Cohort.class);
        for (Cohort cohort : Cohort.values()) {
            long[] t = totals.get(cohort);
            BigDecimal rate = perAnswer(tokens.get(cohort), t[0]);
            double vsHonest = honestRate.signum() == 0 ? Double.NaN : rate.divide(honestRate, 6, RoundingMode.HALF_UP).doubleValue();
            ratio.put(cohort, vsHonest);
            table.append(String.format(Locale.ROOT, "%-12s %4d %8d %8d %14s %16s %8.1f%% %8s %7s %9s%n",
                    cohort.name().toLowerCase(Locale.ROOT).replace('_', '-'), cohort.size, t[0], t[1],
                    new BigDecimal(tokens.get(cohort)).movePointLeft(18).setScale(2, RoundingMode.HALF_UP).toPlainString(),
                    rate.setScale(4, RoundingMode.HALF_UP).toPlainString(), 100 * vsHonest,
                    t[4] + "/" + cohort.size, t[2] + "/" + cohort.size, t[3] + "/" + cohort.size));
        }
        signals.forEach((cohort, found) -> table.append(String.format(Locale.ROOT, "flags on %s: %s%n",
                cohort.name().toLowerCase(Locale.ROOT), summary(found))));
        table.append(String.format(Locale.ROOT, "sock-puppets: %s%n", puppets));
        System.out.println(table);

        // ---- the acceptance figures
        for (Cohort cheater : List.of(Cohort.SPAMMER, Cohort.ALWAYS_LEFT, Cohort.COLLUDER)) {
            assertTrue(ratio.get(cheater) < 0.05, cheater + " earn " + ratio.get(cheater) + " of an honest labeler's tokens"
                    + " per accepted answer" + table);
        }
        long[] honest = totals.get(Cohort.HONEST);
        assertTrue(honest[2] <= 0.05 * Cohort.HONEST.size, honest[2] + " honest labelers flagged" + table);
        long cheaters = crowd.stream().filter(m -> m.cohort.isCheater()).count();
        long caught = totals.get(Cohort.SPAMMER)[3] + totals.get(Cohort.ALWAYS_LEFT)[3] + totals.get(Cohort.COLLUDER)[3];
        assertTrue(caught >= 0.9 * cheaters, caught + " of " + cheaters + " cheaters caught" + table);
        assertTrue(honestRate.signum() > 0, "honest labelers are paid" + table);
        assertEquals(3, epochs.size());
    }

    private static BigDecimal perAnswer(BigInteger tokens, long answers) {
        return answers == 0 ? BigDecimal.ZERO
                : new BigDecimal(tokens).movePointLeft(18).divide(BigDecimal.valueOf(answers), 12, RoundingMode.HALF_UP);
    }

    private static String summary(List<String> flags) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        flags.forEach(f -> counts.merge(f, 1, Integer::sum));
        return counts.toString();
    }

    // ---- the crowd

    /** One labeler's session: lease and answer up to {@code answers} tasks as their cohort does. */
    private static void session(Member member, long campaign, int answers) {
        if (abandons(member)) {
            return;
        }
        for (int i = 0; i < answers && !member.refused; i++) {
            JsonNode task = lease(member, campaign);
            if (task == null) {
                return;
            }
            String correct = correctSide(task);
            String choice = switch (member.cohort) {
                case HONEST -> member.random.nextDouble() < 0.9 ? correct : other(correct);
                case NOISY -> member.random.nextDouble() < 0.65 ? correct : other(correct);
                case SPAMMER -> CHOICES.get(member.random.nextInt(CHOICES.size()));
                case ALWAYS_LEFT -> "A";
                case COLLUDER -> stream(task);
            };
            answer(member, campaign, task, choice);
        }
    }

    /**
     * The ring's session: the members take tasks one after another, so the queue (which fills the first task
     * needing answers) hands them the same tasks, and each answers from the one shared stream.
     */
    private static void ringSession(List<Member> ring, long campaign, int answers) {
        ring.forEach(EconomySeasonTest::abandons);
        for (int i = 0; i < answers; i++) {
            for (Member member : ring) {
                if (member.refused) {
                    continue;
                }
                JsonNode task = lease(member, campaign);
                if (task != null) {
                    answer(member, campaign, task, stream(task));
                }
            }
        }
    }

    /**
     * The ring's shared answers: right 90 % of the time, as an honest labeler, decided once per item (by
     * its content, which every member sees alike) so that every member gives the same answer to it.
     */
    private static String stream(JsonNode task) {
        String correct = correctSide(task);
        String correctReply = task.get(correct.equals("A") ? "replyA" : "replyB").asText();
        int hash = (task.get("prompt").asText() + "\n" + correctReply).hashCode();
        return Math.floorMod(hash * 0x9E3779B1, 100) < 90 ? correct : other(correct);
    }

    /**
     * A cheater whose answers were dropped in the campaign (their flags say so, GET /api/me/flags) gives the account
     * up: it earns nothing there any more. Honest and noisy labelers carry on whatever they read.
     */
    private static boolean abandons(Member member) {
        if (!member.cohort.isCheater() || member.refused) {
            return member.refused;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/me/flags"))
                .header("Authorization", "Bearer " + member.user.token()).GET().build();
        try {
            HttpResponse<String> flags = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, flags.statusCode(), flags.body());
            for (JsonNode flag : JSON.readTree(flags.body())) {
                if (!"WARN".equals(flag.get("action").asText())) {
                    member.refused = true;
                }
            }
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return member.refused;
    }

    private static JsonNode lease(Member member, long campaign) {
        HttpResponse<String> response = post(member, "/api/campaigns/" + campaign + "/tasks/next", null);
        if (response.statusCode() == 204) {
            return null;
        }
        if (response.statusCode() == 403) { // suspended from the campaign
            member.refused = true;
            return null;
        }
        assertEquals(200, response.statusCode(), response.body());
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(Member member, long campaign, JsonNode task, String choice) {
        HttpResponse<String> response = post(member, "/api/campaigns/" + campaign + "/tasks/" + task.get("taskId").asLong()
                + "/answer", "{\"choice\": \"" + choice + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        member.accepted++;
    }

    private static HttpResponse<String> post(Member member, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + member.user.token());
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String other(String side) {
        return side.equals("A") ? "B" : "A";
    }

    /** Gold: the reply marked right; honeypot: the real reply, not its degraded copy; ordinary: the verbose one. */
    private static String correctSide(JsonNode task) {
        String prompt = task.get("prompt").asText();
        String left = task.get("replyA").asText();
        String right = task.get("replyB").asText();
        if (prompt.startsWith("Check question")) {
            return left.startsWith("right") ? "A" : "B";
        }
        boolean leftReal = REAL_REPLY.matcher(left).matches();
        boolean rightReal = REAL_REPLY.matcher(right).matches();
        if (leftReal != rightReal) {
            return leftReal ? "A" : "B";
        }
        return left.startsWith("verbose") ? "A" : "B";
    }

    // ---- the platform around the crowd

    /** Waits until quality has assessed every answer and the game has scored every assessment and drop. */
    private void drain() {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                        select (select count(*) from outbox_event o where o.channel = 'submissions-out' and not exists
                                  (select 1 from processed_event p where p.consumer = 'submissions-quality' and p.event_id = o.event_id))
                             + (select count(*) from outbox_event o where o.channel = 'assessments-out' and not exists
                                  (select 1 from processed_event p where p.consumer = 'game-scoring' and p.event_id = o.event_id))
                        """).getSingleResult()).longValue()) == 0);
    }

    /** An epoch over the window, opened when the window ends; it is computed once its points have settled. */
    private static long openEpoch(String admin, Instant start, Instant end) {
        long number = as(admin).contentType(ContentType.JSON).body(Map.of("budget", BUDGET.toString(),
                        "windowStart", start.toString(), "windowEnd", end.toString(),
                        "claimDeadline", end.plus(Duration.ofDays(30)).toString()))
                .post("/api/payout/epochs").then().statusCode(201).extract().jsonPath().getLong("number");
        // before the window plus the settlement delay has passed, the product refuses to compute it
        Response early = as(admin).post("/api/payout/epochs/" + number + "/compute");
        assertEquals(409, early.statusCode(), early.asString());
        return number;
    }

    /** Computes, in order, the epochs whose window plus the settlement delay has passed. */
    private static void computeSettled(String admin, List<Object[]> unsettled, List<Long> epochs) {
        while (!unsettled.isEmpty() && !Instant.now().isBefore(((Instant) unsettled.get(0)[1]).plus(SETTLEMENT))) {
            long number = (Long) unsettled.remove(0)[0];
            Response computed = as(admin).post("/api/payout/epochs/" + number + "/compute");
            assertEquals(200, computed.statusCode(), computed.asString());
            System.out.printf(Locale.ROOT, "season: epoch %d computed: total %s, %s labelers paid%n", number,
                    computed.jsonPath().getString("total"), computed.jsonPath().getString("report.paid"));
            epochs.add(number);
        }
    }

    /** 20 registrations from one address in a burst: the address's budget (5 an hour) passes, the rest get 429. */
    private static Map<String, Object> sockPuppetBurst() {
        String address = "2001:db8:13:" + Integer.toHexString(new Random().nextInt(0x10000)) + "::1";
        String prefix = Fixtures.unique("puppet");
        List<Integer> statuses = new ArrayList<>();
        List<String> retryAfter = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Response answer = given().redirects().follow(false).header("X-Forwarded-For", address)
                    .formParam("username", prefix + "-" + i).formParam("password", Fixtures.PASSWORD).post("/register");
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                retryAfter.add(answer.header("Retry-After"));
            }
        }
        long created = statuses.stream().filter(s -> s == 303).count();
        long throttled = statuses.stream().filter(s -> s == 429).count();
        assertEquals(5, created, statuses.toString());
        assertEquals(15, throttled, statuses.toString());
        assertTrue(retryAfter.stream().allMatch(r -> r != null && Long.parseLong(r) >= 1 && Long.parseLong(r) <= 3600), retryAfter.toString());
        return Map.of("registered", created, "throttled (429)", throttled, "Retry-After", retryAfter.get(0) + " s");
    }
}
