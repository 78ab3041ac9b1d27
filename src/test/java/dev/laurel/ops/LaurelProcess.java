package dev.laurel.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Laurel process started from the packaged jar ({@code target/quarkus-app/quarkus-run.jar},
 * {@code prod} profile: PostgreSQL + RabbitMQ from {@code LAUREL_*} environment variables), the way
 * it ships. Its output goes to {@code target/laurel-processes/<name>.log}; {@link #start} returns
 * once {@code /q/health/ready} answers 200 on its management port ({@link #managementUrl}: prod serves
 * {@code /q/*} there only).
 *
 * <pre>{@code
 * try (LaurelProcess web = LaurelProcess.named("web-1").database(db).vhost(vhost).roles("web,worker,chain").start()) {
 *     ... web.baseUrl() ...
 * }
 * }</pre>
 */
public final class LaurelProcess implements AutoCloseable {
    /** System property naming the jar under test (set by failsafe); the default works from the project directory. */
    public static final String JAR_PROPERTY = "laurel.jar";
    public static final String ADMIN = "it-admin";
    public static final String ADMIN_PASSWORD = "it-admin-password";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final Path log;
    private final int port;
    private final int managementPort;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private Process process;

    /** Processes still running when the test JVM exits (a failsafe timeout, Ctrl-C) are killed, never orphaned. */
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(process -> {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }), "laurel-process-reaper"));
    }

    private LaurelProcess(Builder builder) {
        this.name = builder.name;
        this.jar = builder.jar;
        this.log = builder.logDirectory.resolve(builder.name + ".log");
        this.port = builder.port != 0 ? builder.port : freePort();
        this.managementPort = freePort();
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LAUREL_DB_URL", builder.database.jdbcUrl());
        env.put("LAUREL_DB_USER", builder.database.user());
        env.put("LAUREL_DB_PASSWORD", "");
        env.put("LAUREL_DB_POOL_SIZE", "10");
        env.put("LAUREL_RABBITMQ_HOST", builder.vhost.host());
        env.put("LAUREL_RABBITMQ_PORT", String.valueOf(builder.vhost.port()));
        env.put("LAUREL_RABBITMQ_USER", builder.vhost.user());
        env.put("LAUREL_RABBITMQ_PASSWORD", builder.vhost.password());
        env.put("LAUREL_RABBITMQ_VHOST", builder.vhost.name());
        env.put("LAUREL_HTTP_PORT", String.valueOf(port));
        env.put("LAUREL_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("LAUREL_ROLES", builder.roles);
        env.put("LAUREL_PSEUDONYM_SECRET", builder.pseudonymSecret);
        env.put("LAUREL_ADMIN_USERNAME", ADMIN);
        env.put("LAUREL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("LAUREL_LOG_JSON", "false");
        // stores on the local disk, one per process, never the working directory's ./data
        Path data = builder.logDirectory.resolve(builder.name + "-data");
        env.put("LAUREL_MODEL_STORE", data.resolve("models").toString());
        env.put("LAUREL_REWARD_MODEL_STORE", data.resolve("reward-models").toString());
        env.put("LAUREL_MODEL_SECRET_KEY", builder.modelSecretKey);
        // the packaged-jar tests' campaigns have no gold items (they count ordinary answers), so the platform's gold
        // floor is off here; GoldFloorTest tests it (a test may set it back with env)
        env.put("LAUREL_MIN_GOLD_RATE", "0");
        // they count answers per task exactly (no audit overlap for new labelers) and publish an epoch as soon as its
        // window ends (no settlement delay); SettlementTest and the season test those (a test may set them with env)
        env.put("LAUREL_QUALITY_COLLUSION_AUDIT_OVERLAP", "0");
        env.put("LAUREL_SETTLEMENT_DELAY", "0s");
        env.putAll(builder.extraEnvironment);
        builder.withheld.forEach(env::remove);
        this.environment = Map.copyOf(env);
    }

    /** Starts describing a process; {@code name} names its log file. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Health, metrics and OpenAPI: the management interface, as probes and Prometheus reach it. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the process (appending to its log) and waits until it is ready. */
    public synchronized LaurelProcess start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(log.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("LAUREL_") || key.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            // a new LaurelProcess starts a new log; its restarts append to it
            Files.writeString(log, "==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                            + " (port " + port + ", roles " + environment.get("LAUREL_ROLES") + ")\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    process == null ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            process = builder.start();
            RUNNING.add(process);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + name + ": " + e.getMessage(), e);
        }
        try {
            awaitReady(READY_TIMEOUT);
        } catch (RuntimeException notReady) {
            kill9(); // never leave a half-started process behind
            throw notReady;
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if the process dies or the time runs out. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before it was ready. Log " + log + ":\n" + tail(80));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s (last /q/health/ready: "
                + last + "). Log " + log + ":\n" + tail(80));
    }

    /** SIGKILL: the process and everything it started die at once, with no shutdown hooks. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** SIGTERM and a graceful shutdown; killed if it has not exited within 30 s. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        if (!awaitExit(STOP_TIMEOUT)) {
            kill9();
        }
    }

    /** Stops the process gracefully and starts it again on the same port with the same environment. */
    public LaurelProcess restart() {
        stop();
        return start();
    }

    /** Kills the process (SIGKILL) and starts it again on the same port with the same environment. */
    public LaurelProcess restartAfterKill9() {
        kill9();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    /** The last {@code lines} lines of the process's log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Lines of the log containing {@code text} (e.g. "ERROR"), for assertions and diagnostics. */
    public List<String> logLines(String text) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exited) {
                RUNNING.remove(process);
            }
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    public static String randomKey(int bytes) {
        byte[] key = new byte[bytes];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The jar under test: system property {@value #JAR_PROPERTY}, else {@code target/quarkus-app/quarkus-run.jar}. */
    public static Path packagedJar() {
        Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No packaged jar at " + jar + ": run './mvnw package' (or 'verify') first");
        }
        return jar;
    }

    public static final class Builder {
        private final String name;
        private Path jar;
        private Path logDirectory = Path.of(System.getProperty("laurel.processes.dir", "target/laurel-processes")).toAbsolutePath();
        private ScratchDatabase database;
        private ScratchVhost vhost;
        private String roles = "web,worker,chain";
        private String pseudonymSecret = randomKey(32);
        private String modelSecretKey = randomKey(32);
        private int port;
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
        private final java.util.Set<String> withheld = new java.util.LinkedHashSet<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder database(ScratchDatabase database) {
            this.database = database;
            return this;
        }

        public Builder vhost(ScratchVhost vhost) {
            this.vhost = vhost;
            return this;
        }

        /** {@code LAUREL_ROLES}, e.g. {@code web} or {@code web,worker,chain} (the default). */
        public Builder roles(String roles) {
            this.roles = roles;
            return this;
        }


        /** Processes of one cluster share the pseudonym secret (default: a random one per process). */
        public Builder pseudonymSecret(String secret) {
            this.pseudonymSecret = secret;
            return this;
        }

        /** Processes of one cluster share the key that encrypts endpoint API keys (default: a random one per process). */
        public Builder modelSecretKey(String key) {
            this.modelSecretKey = key;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder jar(Path jar) {
            this.jar = jar;
            return this;
        }

        /** Any other environment variable ({@code LAUREL_LEASE_DURATION}, …). */
        public Builder env(String key, String value) {
            extraEnvironment.put(key, value);
            return this;
        }

        /** Leaves an environment variable out altogether (a pod that is not given that secret). */
        public Builder without(String key) {
            withheld.add(key);
            return this;
        }

        /** Replaces the JVM options (default {@code -Xmx768m} and a small-footprint GC and JIT). */
        public Builder jvmOptions(String... options) {
            jvmOptions.clear();
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** The process, not started yet. */
        public LaurelProcess build() {
            if (database == null || vhost == null) {
                throw new IllegalStateException("A Laurel process needs a database and a vhost");
            }
            if (jar == null) {
                jar = packagedJar();
            }
            return new LaurelProcess(this);
        }

        /** Starts the process and waits until it is ready. */
        public LaurelProcess start() {
            return build().start();
        }
    }
}
