package dev.rmbee.peer.bus;

/** A local API operation failed in Redis. */
public class LocalBusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalBusException(String message, Throwable cause) {
        super(message, cause);
    }
}
