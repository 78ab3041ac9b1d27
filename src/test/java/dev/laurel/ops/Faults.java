package dev.laurel.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * What the fault tests do to the machine's servers, and how they wait: with deadlines, never fixed
 * sleeps. The servers are shared: run these tests only under {@code flock /tmp/maven.lock}, and always
 * bring a server back in a {@code finally}.
 */
final class Faults {
    private Faults() {
    }

    /** Polls every 100 ms until the condition holds; returns how long that took, or fails naming what it awaited. */
    static Duration await(String what, Duration timeout, BooleanSupplier condition) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (true) {
            boolean holds;
            try {
                holds = condition.getAsBoolean();
            } catch (RuntimeException e) { // e.g. the database is still restarting
                holds = false;
            }
            if (holds) {
                return Duration.between(start, Instant.now());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + what + " in vain");
            }
            sleep(100);
        }
    }

    /** {@code rabbitmqctl --quiet <arguments>}; fails if it does not succeed within 60 s. */
    static String rabbitmqctl(String... arguments) {
        List<String> command = new ArrayList<>(List.of(System.getProperty("laurel.it.rabbitmqctl", "rabbitmqctl"), "--quiet"));
        command.addAll(List.of(arguments));
        return run(command, Duration.ofSeconds(60));
    }

    /** {@code pg_ctlcluster <version> main <action>} for the machine's one PostgreSQL cluster. */
    static String postgres(String action) {
        return run(List.of("pg_ctlcluster", postgresVersion(), "main", action), Duration.ofSeconds(60));
    }

    /** The version directory under /etc/postgresql (e.g. "15"). */
    static String postgresVersion() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).filter(v -> v.matches("\\d+(\\.\\d+)?")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("No cluster under /etc/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /etc/postgresql: " + e.getMessage(), e);
        }
    }

    static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    static double seconds(Instant from, Instant to) {
        return seconds(Duration.between(from, to));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /** Runs a cleanup step; a failure is printed, never thrown, so the next step still runs. */
    static void quietly(String test, Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            System.err.println(test + " cleanup: " + e);
        }
    }
}
