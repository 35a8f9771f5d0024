package dev.rmbee.redis.resp;

import dev.rmbee.retry.Backoff;
import java.time.Duration;

/**
 * How a {@link RespNode} connects and bounds its commands: the connect (and handshake) timeout, the
 * most commands that may wait to be written on one connection, the backoff between reconnection
 * attempts, how long a command may wait for its reply before it fails with a {@code
 * TimeoutException} (checked every tenth of it, see {@link #checkPeriod}), and the database each
 * connection selects ({@code SELECT}, only when not 0; a Redis Cluster has database 0 only).
 */
public record RespOptions(
        Duration connectTimeout, int maxUnsent, Backoff reconnect, Duration commandTimeout, int database) {

    /**
     * 3 s to connect, 100,000 unsent commands, reconnection after 50 ms growing to 2 s, 3 s per
     * command, database 0.
     */
    public static final RespOptions DEFAULTS = new RespOptions(
            Duration.ofSeconds(3),
            100_000,
            new Backoff("redis reconnect backoff", Duration.ofMillis(50), Duration.ofSeconds(2)),
            Duration.ofSeconds(3),
            0);

    public RespOptions {
        if (connectTimeout.toMillis() < 1 || maxUnsent < 1 || commandTimeout.toMillis() < 1 || database < 0) {
            throw new IllegalArgumentException(
                    "connect and command timeouts at least 1 ms, at least 1 unsent command, a database of at least 0");
        }
    }

    /** These options with {@code timeout} as the command timeout. */
    public RespOptions withCommandTimeout(Duration timeout) {
        return new RespOptions(connectTimeout, maxUnsent, reconnect, timeout, database);
    }

    /** The same options on another database. */
    public RespOptions withDatabase(int number) {
        return new RespOptions(connectTimeout, maxUnsent, reconnect, commandTimeout, number);
    }

    /**
     * How often a node looks for overdue commands: a tenth of the command timeout, between 10 ms
     * and 1 s (a command fails between its timeout and that much later).
     */
    public Duration checkPeriod() {
        long tenth = commandTimeout.toMillis() / 10;
        return Duration.ofMillis(Math.max(10, Math.min(1000, tenth)));
    }
}
