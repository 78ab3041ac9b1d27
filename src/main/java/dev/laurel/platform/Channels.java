package dev.laurel.platform;

/**
 * Channel names, in one place. The outbox relay writes each stream to its "-out" channel (a
 * RabbitMQ exchange); every consumer reads its own channel (its own durable queue bound to that
 * exchange), so each consumer gets every event and acknowledges it independently. Without a broker,
 * {@link InProcessChannels} delivers each "-out" message to every consumer channel.
 */
public final class Channels {
    public static final String SUBMISSIONS_OUT = "submissions-out";
    /** Campaign progress counters. */
    public static final String SUBMISSIONS_PROGRESS = "submissions-progress";
    /** Points ledger, levels. */
    public static final String SUBMISSIONS_GAME = "submissions-game";

    private Channels() {
    }
}
