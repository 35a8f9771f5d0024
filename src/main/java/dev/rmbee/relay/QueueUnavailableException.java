package dev.rmbee.relay;

/**
 * A session queue's shared backend could not be used: Redis did not answer (unreachable, timed
 * out, reconnecting) or too many appends already wait for it. The envelope was not stored. The
 * backend logs the outage itself (once), so whoever meets this exception need not; a request's
 * sender gets the message in its error envelope.
 */
public class QueueUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
