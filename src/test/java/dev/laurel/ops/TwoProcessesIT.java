package dev.laurel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Laurel processes started from the packaged jar share one PostgreSQL database and one RabbitMQ
 * vhost, as two pods of a deployment do. Twenty labelers (half on each process) answer a pairwise
 * campaign until no task is left; then every accepted answer must be stored once, no task may take
 * more answers than its overlap, the outbox must drain, each event must be published once (one
 * message on a queue of the test's own) and applied once (one scored row per answer, progress counting
 * each answer once).
 *
 * <p>Plain JUnit against child processes, not {@code @QuarkusTest}: failsafe runs it after
 * {@code package} built {@code target/quarkus-app/quarkus-run.jar} (system property {@code laurel.jar}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoProcessesIT {
    private static final int LABELERS = 20;
    private static final int PROMPTS = 200;
    private static final int OVERLAP = 3;
    private static final Duration LABELING_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Short, so that the full quality recomputation (first run 30 s after start) runs during the labeling. */
    private static final String RECOMPUTE_INTERVAL = "5s";

    private static ScratchDatabase database;
    private static ScratchVhost vhost;
    private static LaurelProcess first;
    private static LaurelProcess second;
    private static Connection broker;

    private static long campaign;
    /** What the labelers were told: one entry per HTTP 201 (submission id → process that accepted it). */
    private static final Map<Long, String> accepted = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<String> unexpectedReplies = new ConcurrentLinkedQueue<>();
    /** Every message the test's own queue received on 'laurel.submissions', by event id. */
    private static final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    @BeforeAll
    static void twoProcessesAnswerOneCampaign() throws Exception {
        Instant begin = Instant.now();
        database = ScratchDatabase.create("two_processes");
        vhost = ScratchVhost.create("two-processes");
        // one cluster: the keys every pod must share
        String pseudonymSecret = LaurelProcess.randomKey(32);
        String modelKey = LaurelProcess.randomKey(32);
        // Roles: LAUREL_ROLES=web alone never becomes ready today — the paused 'generation-work' channel
        // (only workers resume it) reports [KO] in the messaging readiness check, so /q/health/ready
        // stays 503. Both processes therefore run every role (web,worker,chain), which is also what a
        // two-pod default deployment runs. When web-only pods become ready, make one of them 'web'.
        // Started one after the other: the first migrates the database and creates the admin.
        first = LaurelProcess.named("two-processes-1").database(database).vhost(vhost).roles("web,worker,chain")
                .env("LAUREL_QUALITY_RECOMPUTE_INTERVAL", RECOMPUTE_INTERVAL).env("LAUREL_QUALITY_RECOMPUTE_DELAY", "1s")
                .pseudonymSecret(pseudonymSecret).modelSecretKey(modelKey).start();
        second = LaurelProcess.named("two-processes-2").database(database).vhost(vhost).roles("web,worker,chain")
                .env("LAUREL_QUALITY_RECOMPUTE_INTERVAL", RECOMPUTE_INTERVAL).env("LAUREL_QUALITY_RECOMPUTE_DELAY", "1s")
                .pseudonymSecret(pseudonymSecret).modelSecretKey(modelKey).start();
        Instant started = Instant.now();

        listenToSubmissionEvents();

        LaurelApi one = new LaurelApi(first);
        LaurelApi two = new LaurelApi(second);
        String admin = one.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
        campaign = openPairwiseCampaign(one, one.user(admin, "modeler", LaurelApi.unique("team")));

        // half the labelers work against each process (their tokens made there, too)
        List<LaurelApi.User> labelers = new ArrayList<>();
        List<LaurelApi> apis = new ArrayList<>();
        for (int i = 0; i < LABELERS; i++) {
            LaurelApi api = i % 2 == 0 ? one : two;
            labelers.add(api.user(admin, "labeler", null));
            apis.add(api);
        }
        Instant prepared = Instant.now();

        ExecutorService pool = Executors.newFixedThreadPool(LABELERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            Instant deadline = Instant.now().plus(LABELING_TIMEOUT);
            for (int i = 0; i < LABELERS; i++) {
                LaurelApi api = apis.get(i);
                LaurelApi.User labeler = labelers.get(i);
                String process = api == one ? first.name() : second.name();
                running.add(pool.submit(() -> answerUntilNoTaskIsLeft(api, process, labeler, deadline)));
            }
            for (Future<?> labeler : running) {
                labeler.get(LABELING_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Instant labeled = Instant.now();
        Map<String, Long> perProcess = accepted.values().stream()
                .collect(Collectors.groupingBy(p -> p, java.util.TreeMap::new, Collectors.counting()));
        System.out.printf("TwoProcessesIT: processes ready in %d s, users and campaign in %d s, %d answers (%s) in %d s"
                        + " (%.0f answers/s), %d unexpected replies%n",
                Duration.between(begin, started).toSeconds(), Duration.between(started, prepared).toSeconds(),
                accepted.size(), perProcess, Duration.between(prepared, labeled).toSeconds(),
                accepted.size() / Math.max(0.001, Duration.between(prepared, labeled).toMillis() / 1000.0),
                unexpectedReplies.size());
    }

    @AfterAll
    static void stopEverything() {
        for (LaurelProcess process : new LaurelProcess[] {first, second}) {
            quietly(() -> System.out.printf("TwoProcessesIT: %s logged %d ERROR lines (%s)%n", process.name(),
                    process.logLines(" ERROR ").size(), process.logFile()));
        }
        // each step on its own, so that one failing never leaves a process running
        quietly(() -> broker.close());
        quietly(() -> first.stop());
        quietly(() -> second.stop());
        quietly(() -> vhost.delete());
        // the database stays for inspection; the next run drops it
    }

    @Test
    @Order(1)
    void labelersGetOnlyTasksAnswersAndTheEndOfTheQueue() {
        assertTrue(unexpectedReplies.isEmpty(), () -> unexpectedReplies.size() + " unexpected replies, e.g. "
                + unexpectedReplies.stream().limit(5).toList());
        Map<String, Long> perProcess = accepted.values().stream()
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        assertTrue(perProcess.getOrDefault(first.name(), 0L) > 0 && perProcess.getOrDefault(second.name(), 0L) > 0,
                () -> "both processes must have accepted answers: " + perProcess);
        assertEquals(0, database.count("select count(*) from task where campaign_id = ? and accepted_count < overlap",
                campaign), "labelers stopped while tasks were still open");
    }

    @Test
    @Order(2)
    void everyAcceptedAnswerIsStoredOnce() {
        long stored = database.count("select count(*) from submission s join task t on t.id = s.task_id"
                + " where t.campaign_id = ?", campaign);
        assertEquals(accepted.size(), stored, "submission rows vs. HTTP 201 answers");
        long distinct = database.count("select count(*) from (select distinct s.task_id, s.labeler_id from submission s"
                + " join task t on t.id = s.task_id where t.campaign_id = ?) x", campaign);
        assertEquals(stored, distinct, "a labeler's answer to one task is stored more than once");
        Set<Long> storedIds = database.rows("select s.id from submission s join task t on t.id = s.task_id"
                + " where t.campaign_id = ?", campaign).stream().map(row -> ((Number) row.get(0)).longValue())
                .collect(Collectors.toSet());
        assertEquals(accepted.keySet(), storedIds, "the ids of the stored submissions are the ids the labelers were given");
    }

    @Test
    @Order(3)
    void noTaskTakesMoreAnswersThanItsOverlap() {
        List<List<Object>> overAssigned = database.rows("""
                select t.id, t.overlap, t.accepted_count, t.leased_count,
                       (select count(*) from task_assignment a where a.task_id = t.id and a.status = 'SUBMITTED') as submitted,
                       (select count(*) from task_assignment a where a.task_id = t.id and a.status = 'LEASED') as leased,
                       (select count(*) from submission s where s.task_id = t.id) as submissions
                from task t where t.campaign_id = ?
                  and (t.accepted_count > t.overlap or t.overlap > ?
                       or t.accepted_count <> (select count(*) from task_assignment a where a.task_id = t.id and a.status = 'SUBMITTED')
                       or t.accepted_count <> (select count(*) from submission s where s.task_id = t.id)
                       or t.leased_count <> 0
                       or exists (select 1 from task_assignment a where a.task_id = t.id and a.status = 'LEASED'))
                order by t.id""", campaign, OVERLAP);
        assertTrue(overAssigned.isEmpty(), () -> overAssigned.size() + " tasks over their overlap or with counters out of step"
                + " [id, overlap, accepted_count, leased_count, SUBMITTED, LEASED, submissions], e.g. "
                + overAssigned.stream().limit(10).toList());
    }

    @Test
    @Order(4)
    void theOutboxDrains() {
        boolean drained = awaitTrue(SETTLE_TIMEOUT,
                () -> database.count("select count(*) from outbox_event where published_at is null") == 0);
        assertTrue(drained, () -> database.count("select count(*) from outbox_event where published_at is null")
                + " outbox events still unpublished " + SETTLE_TIMEOUT.toSeconds() + " s after the last answer");
    }

    @Test
    @Order(5)
    void everySubmissionEventIsPublishedOnce() throws InterruptedException {
        Set<String> written = database.rows("select event_id from outbox_event where channel = 'submissions-out'").stream()
                .map(row -> (String) row.get(0)).collect(Collectors.toSet());
        assertEquals(accepted.size(), written.size(), "one submission event per accepted answer in the outbox");
        awaitTrue(SETTLE_TIMEOUT, () -> deliveries.keySet().containsAll(written));
        Thread.sleep(2000); // let late duplicates arrive
        Set<String> missing = new HashSet<>(written);
        missing.removeAll(deliveries.keySet());
        Map<String, Integer> duplicated = deliveries.entrySet().stream().filter(e -> e.getValue().get() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
        int messages = deliveries.values().stream().mapToInt(AtomicInteger::get).sum();
        String summary = written.size() + " events written, " + messages + " messages received for "
                + deliveries.size() + " event ids; " + missing.size() + " never arrived, " + duplicated.size()
                + " arrived more than once (at most " + duplicated.values().stream().mapToInt(i -> i).max().orElse(1)
                + " times), e.g. " + duplicated.entrySet().stream().limit(5).toList();
        System.out.println("TwoProcessesIT publish: " + summary);
        assertTrue(missing.isEmpty() && duplicated.isEmpty() && deliveries.keySet().equals(written), summary);
    }

    @Test
    @Order(6)
    void everySubmissionIsScoredOnceAndCountedOnceInProgress() {
        long answers = accepted.size();
        awaitTrue(SETTLE_TIMEOUT, () -> scored() >= answers && answersInProgress() >= answers);
        long scoredRows = scored();
        long scoredSubmissions = database.count("select count(distinct ss.submission_id) from scored_submission ss"
                + " where ss.campaign_id = ?", campaign);
        long scoredOthers = database.count("select count(*) from scored_submission ss where ss.campaign_id = ?"
                + " and not exists (select 1 from submission s where s.id = ss.submission_id)", campaign);
        long progress = answersInProgress();
        long completedInProgress = database.count("select coalesce(sum(tasks_completed), 0) from campaign_progress"
                + " where campaign_id = ?", campaign);
        long completed = database.count("select count(*) from task where campaign_id = ? and accepted_count >= overlap", campaign);
        String summary = answers + " answers; scored_submission: " + scoredRows + " rows for " + scoredSubmissions
                + " submissions (" + scoredOthers + " unknown); campaign_progress.answers_accepted = " + progress
                + ", tasks_completed = " + completedInProgress + " (tasks complete: " + completed + ")";
        System.out.println("TwoProcessesIT applied: " + summary);
        assertEquals(answers, scoredRows, summary);
        assertEquals(answers, scoredSubmissions, summary);
        assertEquals(0, scoredOthers, summary);
        assertEquals(answers, progress, summary);
        assertEquals(completed, completedInProgress, summary);
    }

    @Test
    @Order(7)
    void theProcessesNeverDeadlockedOrFailed() {
        // the recomputation runs while the consumers score answers: their row locks must never form a cycle
        // it starts 1 s after each process and repeats every 5 s, so it overlaps the labeling (about 10 s)
        assertTrue(awaitTrue(SETTLE_TIMEOUT, () -> database.count("select count(*) from campaign_quality"
                + " where campaign_id = ? and recomputed_at is not null", campaign) == 1), "the quality recomputation never ran");
        for (LaurelProcess process : new LaurelProcess[] {first, second}) {
            List<String> deadlocks = process.logLines("deadlock detected");
            List<String> errors = process.logLines(" ERROR ");
            assertTrue(deadlocks.isEmpty() && errors.isEmpty(), () -> process.name() + " logged " + deadlocks.size()
                    + " deadlocks and " + errors.size() + " ERROR lines, e.g. " + errors.stream().limit(3).toList()
                    + " " + deadlocks.stream().limit(3).toList() + " (" + process.logFile() + ")");
        }
    }

    @Test
    @Order(8)
    void aSessionOrUserEndedOnOneProcessIsRefusedByTheOtherWithinSeconds() {
        LaurelApi one = new LaurelApi(first);
        LaurelApi two = new LaurelApi(second);
        String admin = one.tokenFor(LaurelProcess.ADMIN, LaurelProcess.ADMIN_PASSWORD);
        LaurelApi.User labeler = one.user(admin, "labeler", null);
        String cookie = one.loginCookie(labeler.username(), LaurelApi.PASSWORD);
        assertEquals(200, two.getWithCookie(cookie, "/api/me").status(), "a session begun on one process works on the other");
        assertEquals(200, two.get(labeler.token(), "/api/me").status());

        one.logout(cookie).expect(303);
        assertTrue(awaitTrue(Duration.ofSeconds(5), () -> two.getWithCookie(cookie, "/api/me").status() == 401),
                "a copy of the cookie still works on the other process after logout");

        one.post(admin, "/api/users/" + labeler.id() + "/disable", null).expect(200);
        assertTrue(awaitTrue(Duration.ofSeconds(5), () -> two.get(labeler.token(), "/api/me").status() == 401),
                "a disabled user's token still works on the other process");
    }

    private static long scored() {
        return database.count("select count(*) from scored_submission where campaign_id = ?", campaign);
    }

    private static long answersInProgress() {
        return database.count("select coalesce(sum(answers_accepted), 0) from campaign_progress where campaign_id = ?", campaign);
    }

    /** A draft pairwise campaign without gold tasks or honeypots (this test counts ordinary answers), then opened. */
    private static long openPairwiseCampaign(LaurelApi api, LaurelApi.User modeler) {
        long id = api.post(modeler.token(), "/api/campaigns", Map.of("name", LaurelApi.unique("campaign"), "overlap", OVERLAP))
                .expect(201).json().path("id").asLong();
        api.put(modeler.token(), "/api/campaigns/" + id + "/quality/settings", Map.of("goldRate", 0, "honeypotRate", 0))
                .expect(200);
        api.upload(modeler.token(), "/api/campaigns/" + id + "/prompts", "application/jsonl",
                IntStream.rangeClosed(1, PROMPTS)
                        .mapToObj(i -> "{\"id\": \"p" + i + "\", \"prompt\": \"Question number " + i + "?\"}")
                        .collect(Collectors.joining("\n"))).expect(201);
        for (String style : List.of("terse", "verbose")) {
            long candidate = api.post(modeler.token(), "/api/candidates",
                    Map.of("name", LaurelApi.unique(style), "kind", "UPLOADED_OUTPUTS")).expect(201).json().path("id").asLong();
            api.upload(modeler.token(), "/api/candidates/" + candidate + "/campaigns/" + id + "/outputs", "application/jsonl",
                    IntStream.rangeClosed(1, PROMPTS)
                            .mapToObj(i -> "{\"prompt_id\": \"p" + i + "\", \"output\": \"" + style + " answer to " + i + "\"}")
                            .collect(Collectors.joining("\n"))).expect(201);
        }
        api.post(modeler.token(), "/api/campaigns/" + id + "/open", null).expect(200);
        return id;
    }

    private static void answerUntilNoTaskIsLeft(LaurelApi api, String process, LaurelApi.User labeler, Instant deadline) {
        String tasks = "/api/campaigns/" + campaign + "/tasks/";
        int errors = 0;
        while (Instant.now().isBefore(deadline) && errors < 5) {
            LaurelApi.Reply next = api.post(labeler.token(), tasks + "next", null);
            if (next.status() == 204) {
                return;
            }
            if (next.status() != 200) {
                unexpectedReplies.add(process + " next: " + next.status() + " " + next.body());
                errors++;
                continue;
            }
            long task = next.json().path("taskId").asLong();
            String choice = List.of("A", "B", "A", "B", "TIE").get(ThreadLocalRandom.current().nextInt(5));
            LaurelApi.Reply answer = api.post(labeler.token(), tasks + task + "/answer", Map.of("choice", choice));
            if (answer.status() == 201) {
                accepted.put(answer.json().path("id").asLong(), process);
            } else {
                unexpectedReplies.add(process + " answer: " + answer.status() + " " + answer.body());
                errors++;
            }
        }
        if (errors >= 5) {
            unexpectedReplies.add(labeler.username() + " gave up after 5 unexpected replies");
        } else {
            unexpectedReplies.add(labeler.username() + " still had tasks when the time ran out");
        }
    }

    /** A queue of the test's own (exclusive, auto-delete) bound to every submission event, counting event ids. */
    private static void listenToSubmissionEvents() throws Exception {
        broker = vhost.connectionFactory().newConnection("two-processes-it");
        Channel channel = broker.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, "laurel.submissions", "#");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                JsonNode event = JSON.readTree(new String(body, StandardCharsets.UTF_8));
                deliveries.computeIfAbsent(event.path("eventId").asText(), id -> new AtomicInteger()).incrementAndGet();
            }
        });
    }

    private static boolean awaitTrue(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            System.err.println("TwoProcessesIT cleanup: " + e);
        }
    }
}
