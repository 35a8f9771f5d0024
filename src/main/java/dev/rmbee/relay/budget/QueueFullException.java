package dev.rmbee.relay.budget;

/**
 * An envelope was not queued because it does not fit: in the relay's memory budget, in a twin's or
 * a sender's share of it, or in a full session queue where its sender already holds the most. The
 * message is what the sender sees in its error envelope.
 */
public final class QueueFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message, null, false, false);
    }
}
