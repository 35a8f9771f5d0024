package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.relay.QueueUnavailableException;

/**
 * A Redis command of the session queues failed (an error reply; where the session queues know
 * their outage tracker, a Redis that did not answer is a {@link QueueUnavailableException}
 * instead). The message starts with {@code redis error: }; the cause is Redisson's exception.
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

    /**
     * As {@link #failure(String, Throwable)}, and when Redis did not answer (counted and logged
     * once by {@code outage}) a {@link QueueUnavailableException} with the same message.
     */
    static Throwable failure(String what, Throwable error, RedisOutage outage) {
        Throwable cause = AsyncResults.unwrap(error);
        if (outage.failed(what, cause)) {
            String why = RedisOutage.unreachableCause(cause)
                    .map(AsyncResults::describe)
                    .orElse("");
            return new QueueUnavailableException("redis error: " + what + " failed: " + why, cause);
        }
        return failure(what, cause);
    }
}
