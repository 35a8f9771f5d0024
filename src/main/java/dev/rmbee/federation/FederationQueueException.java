package dev.rmbee.federation;

/**
 * The federation queue could not store or hand out an envelope. The message is what a sender
 * sees: {@code redis error: …} for the Redis queue, {@code federation queue error: …} otherwise.
 */
public final class FederationQueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FederationQueueException(String message, Throwable cause) {
        super(message, cause);
    }

    public FederationQueueException(String message) {
        super(message);
    }
}
