package dev.laurel.platform;

/**
 * Channel names, in one place. SmallRye forbids one name being both incoming and outgoing, so each
 * stream has an "-out" side (written by the outbox relay) and an "-in" side (read by consumers);
 * RabbitMQ joins them through an exchange, {@link InProcessChannels} joins them when there is no broker.
 */
public final class Channels {
    public static final String SUBMISSIONS_OUT = "submissions-out";
    public static final String SUBMISSIONS_IN = "submissions-in";

    private Channels() {
    }
}
