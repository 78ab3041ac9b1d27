package dev.laurel.platform;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.Config;

/**
 * Publishes outbox rows to RabbitMQ with the plain AMQP client, on a connection and channel of the
 * relay's own: the whole batch goes out at once and one wait covers all its confirms. Not through the
 * SmallRye connector, whose publisher sends one message at a time, each as a blocking task on the
 * worker pool that request threads share — under load it published about 10 events/s.
 * Each channel's exchange is the one its consumers bind ({@code mp.messaging.incoming.*.exchange.name},
 * durable topic, declared here too); messages are persistent, carry the event id as message id and are
 * signed ({@link EventSignatures}).
 */
@ApplicationScoped
@IfBuildProperty(name = "laurel.messaging.broker", stringValue = "rabbitmq")
class RabbitPublisher implements OutboxPublisher {
    private static final long CONFIRM_TIMEOUT_MS = 30_000;

    private final ConnectionFactory factory = new ConnectionFactory();
    private final Map<String, String> exchanges = new HashMap<>();
    private Connection connection;
    private com.rabbitmq.client.Channel channel;
    /** Set after a failed round, so an outage logs once, not every poll. */
    private boolean failing;

    private final EventSignatures signatures;

    RabbitPublisher(Config config, EventSignatures signatures) {
        this.signatures = signatures;
        factory.setHost(config.getOptionalValue("rabbitmq-host", String.class).orElse("127.0.0.1"));
        factory.setPort(config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672));
        factory.setUsername(config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"));
        factory.setPassword(config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"));
        factory.setVirtualHost(config.getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/"));
        factory.setAutomaticRecoveryEnabled(false); // a failed round closes everything; the next one reconnects
        factory.setConnectionTimeout(5_000);
        Channels.FANOUT.forEach((out, consumers) -> exchanges.put(out,
                config.getValue("mp.messaging.incoming." + consumers.get(0) + ".exchange.name", String.class)));
    }

    @Override
    public synchronized List<Long> publish(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            com.rabbitmq.client.Channel open = channel();
            for (Row row : rows) {
                String exchange = exchanges.get(row.channel());
                if (exchange == null) {
                    throw new IllegalStateException("No exchange for channel " + row.channel());
                }
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .contentType("application/json").deliveryMode(2) // persistent: survives a broker restart
                        .messageId(row.eventId())
                        .headers(Map.of(EventConsumers.CREATED_HEADER, row.createdMs(),
                                EventSignatures.HEADER, signatures.sign(row.channel(), row.payload())))
                        .build();
                open.basicPublish(exchange, row.channel(), properties, row.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            open.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
            if (failing) {
                failing = false;
                Log.info("RabbitMQ confirms events again; the outbox relay catches up");
            }
            List<Long> ids = new ArrayList<>(rows.size());
            rows.forEach(row -> ids.add(row.id()));
            return ids;
        } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!failing) {
                failing = true;
                Log.warnf("RabbitMQ did not confirm a batch of %d events; they stay in the outbox and will be sent again: %s",
                        rows.size(), e.toString());
            }
            close();
            return List.of();
        }
    }

    private com.rabbitmq.client.Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        close();
        connection = factory.newConnection("laurel-outbox-relay");
        channel = connection.createChannel();
        channel.confirmSelect();
        for (String exchange : exchanges.values()) {
            channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
        }
        return channel;
    }

    synchronized void close() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close(2_000);
            }
        } catch (IOException | RuntimeException e) {
            Log.debugf("Closing the relay's RabbitMQ connection: %s", e.getMessage());
        }
        connection = null;
        channel = null;
    }

    void stop(@Observes ShutdownEvent event) {
        close();
    }
}
