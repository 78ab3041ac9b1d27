package dev.laurel.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Labelers answering one pairwise campaign through the API of a process started from the jar, each on
 * a thread of its own, until {@link #stop} — while a test breaks something underneath them. They act
 * like a patient client: after a 503 they send the same answer again (waiting at most the
 * {@code Retry-After}); after a 409 (already answered, lease gone) they ask for the next task. After a
 * connection that gave no reply, half of them send the answer again and the other half walk away from
 * the task (its lease is left to expire).
 *
 * <p>Every reply is counted per phase ({@code "next 200"}, {@code "answer 503"}, {@code "answer IO"} for
 * a connection that gave no reply); the test names phases ({@code before}, {@code outage}, …). Replies
 * that no fault excuses (500, 401, …) and 503s without {@code Retry-After} or problem+json are kept
 * with their bodies.
 */
final class LabelingCrowd implements AutoCloseable {
    private static final List<String> CHOICES = List.of("A", "B", "A", "B", "TIE");

    private final LaurelApi api;
    private final long campaign;
    private final List<LaurelApi.User> labelers;
    private final ExecutorService pool;
    private volatile boolean running;
    private volatile String phase = "before";
    private int thinkMinMillis = 20;
    private int thinkMaxMillis = 80;

    /** Submission id → when its 201 arrived: the answers the labelers were told are stored. */
    private final Map<Long, Instant> acknowledged = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> replies = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> malformedUnavailable = new ConcurrentLinkedQueue<>();
    /** Answers sent whose outcome the labeler never learnt (no reply, or 503): each may or may not be stored. */
    private final LongAdder undecidedAnswers = new LongAdder();

    LabelingCrowd(LaurelApi api, long campaign, List<LaurelApi.User> labelers) {
        this.api = api;
        this.campaign = campaign;
        this.labelers = List.copyOf(labelers);
        this.pool = Executors.newFixedThreadPool(labelers.size());
    }

    /**
     * A draft pairwise campaign (no gold, no honeypots: this counts ordinary answers), its prompts and two
     * candidates' uploaded outputs, opened; returns its id once every task exists.
     */
    static long openPairwiseCampaign(LaurelApi api, LaurelApi.User modeler, ScratchDatabase database, int prompts,
                                     int overlap, int leaseSeconds) {
        long id = api.post(modeler.token(), "/api/campaigns", Map.of("name", LaurelApi.unique("campaign"),
                "overlap", overlap, "leaseSeconds", leaseSeconds)).expect(201).json().path("id").asLong();
        api.put(modeler.token(), "/api/campaigns/" + id + "/quality/settings", Map.of("goldRate", 0, "honeypotRate", 0))
                .expect(200);
        api.upload(modeler.token(), "/api/campaigns/" + id + "/prompts", "application/jsonl",
                IntStream.rangeClosed(1, prompts)
                        .mapToObj(i -> "{\"id\": \"p" + i + "\", \"prompt\": \"Question number " + i + "?\"}")
                        .collect(Collectors.joining("\n"))).expect(201);
        for (String style : List.of("terse", "verbose")) {
            long candidate = api.post(modeler.token(), "/api/candidates",
                    Map.of("name", LaurelApi.unique(style), "kind", "UPLOADED_OUTPUTS")).expect(201).json().path("id").asLong();
            api.upload(modeler.token(), "/api/candidates/" + candidate + "/campaigns/" + id + "/outputs", "application/jsonl",
                    IntStream.rangeClosed(1, prompts)
                            .mapToObj(i -> "{\"prompt_id\": \"p" + i + "\", \"output\": \"" + style + " answer to " + i + "\"}")
                            .collect(Collectors.joining("\n"))).expect(201);
        }
        api.post(modeler.token(), "/api/campaigns/" + id + "/open", null).expect(200);
        Faults.await("the campaign's " + prompts + " tasks", Duration.ofSeconds(60),
                () -> database.count("select count(*) from task where campaign_id = ?", id) >= prompts);
        return id;
    }

    /** {@code count} labelers made by the admin, each with an API token. */
    static List<LaurelApi.User> labelers(LaurelApi api, String adminToken, int count) {
        List<LaurelApi.User> labelers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            labelers.add(api.user(adminToken, "labeler", null));
        }
        return labelers;
    }

    /**
     * How long a labeler reads a task before answering (default 20–80 ms: as fast as the machine lets
     * them). Slower labelers keep the answer rate below what the consumers apply, so a backlog drains.
     */
    LabelingCrowd thinkTime(int minMillis, int maxMillis) {
        this.thinkMinMillis = minMillis;
        this.thinkMaxMillis = maxMillis;
        return this;
    }

    void start() {
        running = true;
        for (int i = 0; i < labelers.size(); i++) {
            LaurelApi.User labeler = labelers.get(i);
            boolean walksAway = i % 2 == 1;
            pool.execute(() -> work(labeler, walksAway));
        }
    }

    /** Stops asking for tasks; answers in flight finish (or time out) first. */
    void stop() {
        running = false;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(45, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
        pool.shutdownNow();
    }

    /** Replies from now on are counted under this phase. */
    void phase(String name) {
        phase = name;
    }

    Map<Long, Instant> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    long acknowledgedCount() {
        return acknowledged.size();
    }

    /** 201s that arrived in [from, to). */
    long acknowledgedBetween(Instant from, Instant to) {
        return acknowledged.values().stream().filter(at -> !at.isBefore(from) && at.isBefore(to)).count();
    }

    /** The first 201 at or after {@code from}, if any yet. */
    java.util.Optional<Instant> firstAcknowledgedAfter(Instant from) {
        return acknowledged.values().stream().filter(at -> !at.isBefore(from)).min(Instant::compareTo);
    }

    long undecidedAnswers() {
        return undecidedAnswers.sum();
    }

    /** Replies per phase, e.g. {@code {outage={answer 201=812, next 200=840}}}. */
    Map<String, Map<String, Long>> replies() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        replies.forEach((phase, counts) -> copy.put(phase, counts.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum(), Long::sum, TreeMap::new))));
        return copy;
    }

    /** Replies of one phase, by reply. */
    Map<String, Long> replies(String phase) {
        return replies().getOrDefault(phase, Map.of());
    }

    /** How many replies of a phase had this status (any request), e.g. 503; -1 counts connections without a reply. */
    long count(String phase, int status) {
        String suffix = status < 0 ? " IO" : " " + status;
        return replies(phase).entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).mapToLong(Map.Entry::getValue).sum();
    }

    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    List<String> malformedUnavailable() {
        return List.copyOf(malformedUnavailable);
    }

    private void work(LaurelApi.User labeler, boolean walksAwayWhenTheReplyIsLost) {
        String tasks = "/api/campaigns/" + campaign + "/tasks/";
        while (running) {
            LaurelApi.Reply next = send("next", () -> api.post(labeler.token(), tasks + "next", null));
            if (next == null || next.status() != 200) {
                pause(next);
                continue;
            }
            long task = next.json().path("taskId").asLong();
            Map<String, Object> answer = Map.of("choice", CHOICES.get(ThreadLocalRandom.current().nextInt(CHOICES.size())));
            sleep(ThreadLocalRandom.current().nextInt(thinkMinMillis, thinkMaxMillis + 1)); // reading: leases are held while faults strike
            for (int attempt = 0; attempt < 60; attempt++) {
                LaurelApi.Reply reply = send("answer", () -> api.post(labeler.token(), tasks + task + "/answer", answer));
                if (reply != null && reply.status() == 201) {
                    acknowledged.put(reply.json().path("id").asLong(), Instant.now());
                    break;
                }
                if (reply == null || reply.status() == 503) {
                    undecidedAnswers.increment();
                    if (reply == null && walksAwayWhenTheReplyIsLost) {
                        break;
                    }
                    pause(reply);
                    if (!running && attempt > 0) {
                        break;
                    }
                    continue;
                }
                break; // 409: answered already (the reply was lost) or the lease ran out; anything else is counted
            }
        }
    }

    private interface Call {
        LaurelApi.Reply send();
    }

    /** Sends, counts the reply under the current phase; null when the connection gave no reply. */
    private LaurelApi.Reply send(String what, Call call) {
        String current = phase;
        LaurelApi.Reply reply;
        try {
            reply = call.send();
        } catch (IllegalStateException e) { // LaurelApi: connection refused or reset, timeout
            count(current, what + " IO");
            return null;
        }
        count(current, what + " " + reply.status());
        boolean expected = switch (reply.status()) {
            case 200, 204 -> what.equals("next");
            case 201 -> what.equals("answer");
            case 409, 503 -> true;
            default -> false;
        };
        if (!expected) {
            unexpected.add(current + " " + what + " " + reply.status() + " " + abbreviate(reply.body()));
        }
        if (reply.status() == 503) {
            String contentType = String.valueOf(reply.header("Content-Type"));
            if (reply.header("Retry-After") == null || !contentType.startsWith("application/problem+json")) {
                malformedUnavailable.add(current + " " + what + " 503 Retry-After=" + reply.header("Retry-After")
                        + " Content-Type=" + contentType + " " + abbreviate(reply.body()));
            }
        }
        return reply;
    }

    private void count(String phase, String reply) {
        replies.computeIfAbsent(phase, p -> new ConcurrentHashMap<>()).computeIfAbsent(reply, r -> new LongAdder()).increment();
    }

    /** After a reply that was not what the labeler wanted: the Retry-After (at most 1 s), else a short pause. */
    private static void pause(LaurelApi.Reply reply) {
        if (reply == null) {
            sleep(250);
        } else if (reply.status() == 503 && reply.header("Retry-After") != null) {
            sleep(Math.min(1000, 1000L * Long.parseLong(reply.header("Retry-After").trim())));
        } else if (reply.status() == 204) {
            sleep(500); // nothing free right now
        } else {
            sleep(200);
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
