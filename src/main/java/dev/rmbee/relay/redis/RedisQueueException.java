package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;

/**
 * A Redis command of the session queues failed (connection lost, timeout, error reply). The
 * message starts with {@code redis error: }; the cause is Redisson's exception.
 */
public final class RedisQueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisQueueException(String message, Throwable cause) {
        super("redis error: " + message, cause);
    }

    /**
     * The failure of a Redis stage doing {@code what}: a Redis failure becomes this exception, the
     * caller's own mistake (an illegal argument, a null) stays what it is.
     */
    static Throwable failure(String what, Throwable error) {
        Throwable cause = AsyncResults.unwrap(error);
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return cause; // the caller's mistake, not Redis's
        }
        return new RedisQueueException(what + " failed: " + AsyncResults.describe(cause), cause);
    }
}
