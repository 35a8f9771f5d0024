package dev.rmbee.redis.resp;

import dev.rmbee.retry.Backoff;
import java.time.Duration;

/**
 * How a {@link RespNode} connects: the connect (and handshake) timeout, the most commands that may
 * wait to be written on one connection, the backoff between reconnection attempts, and the
 * database each connection selects ({@code SELECT}, only when not 0; a Redis Cluster has database
 * 0 only).
 */
public record RespOptions(Duration connectTimeout, int maxUnsent, Backoff reconnect, int database) {

    /** 3 s to connect, 100,000 unsent commands, reconnection after 50 ms growing to 2 s, database 0. */
    public static final RespOptions DEFAULTS = new RespOptions(
            Duration.ofSeconds(3),
            100_000,
            new Backoff("redis reconnect backoff", Duration.ofMillis(50), Duration.ofSeconds(2)),
            0);

    public RespOptions {
        if (connectTimeout.toMillis() < 1 || maxUnsent < 1 || database < 0) {
            throw new IllegalArgumentException(
                    "connect timeout at least 1 ms, at least 1 unsent command, a database of at least 0");
        }
    }

    /** The same options on another database. */
    public RespOptions withDatabase(int number) {
        return new RespOptions(connectTimeout, maxUnsent, reconnect, number);
    }
}
