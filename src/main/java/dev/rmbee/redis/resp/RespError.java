package dev.rmbee.redis.resp;

/**
 * An error reply of Redis ({@code -ERR …}, {@code -MOVED …}, {@code -NOSCRIPT …}): the command
 * reached Redis and Redis refused it. Not an outage: the connection is fine.
 */
public final class RespError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RespError(String message) {
        super(message, null, false, false);
    }

    /** The first word of the reply: {@code ERR}, {@code MOVED}, {@code ASK}, {@code NOSCRIPT}, … */
    public String kind() {
        String message = getMessage();
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }
}
