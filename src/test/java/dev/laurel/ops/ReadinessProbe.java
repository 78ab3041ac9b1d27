package dev.laurel.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Polls a process's {@code /q/health/ready} every 200 ms on a thread of its own and remembers each
 * change (UP, DOWN with the body that says why, or no answer), so a test can ask afterwards when
 * readiness went down and when it came back.
 */
final class ReadinessProbe implements AutoCloseable {
    enum State { UP, DOWN, NO_ANSWER }

    record Change(Instant at, State state, String detail) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    /** Generous: a check that waits for the database pool's acquisition timeout still answers (and its time is kept). */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI ready;
    private final List<Change> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long slowestMillis;

    ReadinessProbe(LaurelProcess process) {
        this.ready = URI.create(process.managementUrl() + "/q/health/ready");
        this.thread = new Thread(this::run, "readiness-probe-" + process.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            State state;
            String detail;
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(TIMEOUT).build(),
                        HttpResponse.BodyHandlers.ofString());
                slowestMillis = Math.max(slowestMillis, (System.nanoTime() - sent) / 1_000_000);
                state = response.statusCode() == 200 ? State.UP : State.DOWN;
                detail = response.statusCode() + " " + response.body().replaceAll("\\s+", " ");
            } catch (IOException e) {
                state = State.NO_ANSWER;
                detail = e.toString();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (changes) {
                if (changes.isEmpty() || changes.get(changes.size() - 1).state() != state) {
                    changes.add(new Change(Instant.now(), state, detail));
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The longest /q/health/ready took to answer. */
    long slowestMillis() {
        return slowestMillis;
    }

    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    /** The first change to this state at or after {@code from}. */
    Optional<Change> first(State state, Instant from) {
        return changes().stream().filter(c -> c.state() == state && !c.at().isBefore(from)).findFirst();
    }

    /** The state the last poll saw. */
    State current() {
        List<Change> all = changes();
        return all.isEmpty() ? State.NO_ANSWER : all.get(all.size() - 1).state();
    }

    /** The changes as one line each, times relative to {@code origin}. */
    String describe(Instant origin) {
        StringBuilder text = new StringBuilder();
        for (Change change : changes()) {
            String detail = change.detail().length() > 400 ? change.detail().substring(0, 400) + "…" : change.detail();
            text.append(String.format("  %+.1f s %s %s%n", Faults.seconds(origin, change.at()), change.state(), detail));
        }
        return text.toString();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
