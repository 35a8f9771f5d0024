package dev.rmbee.web;

import java.time.Duration;
import java.util.Optional;

/**
 * The application's Redis as the health checks see it (produced by {@link RedisProducer}, which owns the
 * Redis client): where it is, and whether it answers now.
 */
public interface RedisReachability {

    /** The Redis URL(s) for the checks' data, a password masked; empty when no Redis is configured. */
    Optional<String> where();

    /**
     * PINGs every node the client talks to; true when all answered within {@code timeout}, false when
     * one did not, or without Redis. Returns within about the timeout.
     */
    boolean ping(Duration timeout);
}
