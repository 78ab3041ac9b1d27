package dev.laurel.ops;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A fresh RabbitMQ virtual host {@code laurel-it-<name>} on 127.0.0.1:5672 where {@code guest} may do
 * everything, so that the durable exchanges and queues of one test never meet another's. Made with
 * {@code rabbitmqctl} (the management HTTP API may not be enabled); a vhost a previous run left is
 * deleted first.
 */
public final class ScratchVhost implements AutoCloseable {
    public static final String HOST = System.getProperty("laurel.it.rabbitmq.host", "127.0.0.1");
    public static final int PORT = Integer.getInteger("laurel.it.rabbitmq.port", 5672);
    private static final String RABBITMQCTL = System.getProperty("laurel.it.rabbitmqctl", "rabbitmqctl");

    private final String name;

    private ScratchVhost(String name) {
        this.name = name;
    }

    public static ScratchVhost create(String name) {
        String vhost = "laurel-it-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        rabbitmqctl(true, "delete_vhost", vhost);
        rabbitmqctl(false, "add_vhost", vhost);
        rabbitmqctl(false, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return new ScratchVhost(vhost);
    }

    public String name() {
        return name;
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return PORT;
    }

    public String user() {
        return "guest";
    }

    public String password() {
        return "guest";
    }

    /** A client connection factory for this vhost (the test's own queues). */
    public ConnectionFactory connectionFactory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setUsername(user());
        factory.setPassword(password());
        factory.setVirtualHost(name);
        return factory;
    }

    public void delete() {
        rabbitmqctl(true, "delete_vhost", name);
    }

    /** Deletes the vhost with everything in it. */
    @Override
    public void close() {
        delete();
    }

    private static void rabbitmqctl(boolean mayFail, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(RABBITMQCTL);
        command.add("--quiet");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 && !mayFail) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + RABBITMQCTL + " (is RabbitMQ installed here?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
