package dev.laurel.platform;

/**
 * An event a consumer can never apply (it names a labeler, campaign or submission that does not
 * exist, or contradicts what is stored): redelivering it would change nothing, so it is parked with
 * this message as the reason instead of being retried.
 */
public class InvalidEvent extends RuntimeException {
    public InvalidEvent(String reason) {
        super(reason);
    }
}
