package dev.rmbee.relay.redis;

/**
 * A Redis command of the session queues failed (connection lost, timeout, error reply). The
 * message starts with {@code redis error: }; the cause is Redisson's exception.
 */
public final class RedisQueueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisQueueException(String message, Throwable cause) {
        super("redis error: " + message, cause);
    }
}
