package dev.rmbee.health;

import dev.rmbee.web.RedisReachability;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether the application's Redis answers, for the checks that need to know ({@link RedisCheck},
 * {@link PeerCheck}): one PING with the configured timeout, its result shared for a second.
 */
@ApplicationScoped
public class RedisProbe {

    /** How long one PING's result stands. */
    static final Duration REUSE = Duration.ofSeconds(1);

    @Inject
    RedisReachability redis;

    @Inject
    HealthSettings settings;

    private Duration timeout;
    private SharedPing ping;

    @PostConstruct
    void start() {
        timeout = settings.redisTimeout();
        ping = new SharedPing(() -> redis.ping(timeout), REUSE, Clock.systemUTC());
    }

    /** The Redis URL(s), a password masked; empty without Redis. */
    Optional<String> where() {
        return redis.where();
    }

    /** True when every Redis node answered (false without Redis). */
    boolean reachable() {
        return ping.reachable();
    }

    Duration timeout() {
        return timeout;
    }
}
