package dev.rmbee.relay.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the session queues wait for Redis, and how much they let wait for it: one append or
 * read command fails after {@code timeout} (an append is never retried: its sender gets an error
 * envelope instead), and appends beyond {@code maxWaitingBytes} of envelopes already sent to or
 * waiting for Redis are refused at once, so an outage or a slow Redis cannot fill the heap.
 *
 * @param timeout how long one append or read waits for Redis's answer
 * @param maxWaitingBytes envelope bytes the appends in flight and waiting may hold together; one
 *     envelope is always taken when nothing else waits
 */
public record RedisQueueLimits(Duration timeout, long maxWaitingBytes) {

    /** Three seconds (Redisson's response timeout), 64 MiB. */
    public static final RedisQueueLimits DEFAULTS = new RedisQueueLimits(Duration.ofSeconds(3), 64L << 20);

    public RedisQueueLimits {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("the Redis timeout must be at least 1 ms");
        }
        if (maxWaitingBytes < 1) {
            throw new IllegalArgumentException("the bytes waiting for Redis must be at least 1");
        }
    }
}
