package dev.rmbee.web;

import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SocketSessions;
import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.relay.redis.RedisQueueLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The relay's settings (rmb.relay.*), from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class RelaySettings {

    @Inject
    @ConfigProperty(name = "rmb.relay.domains", defaultValue = "localhost")
    String domains;

    @Inject
    @ConfigProperty(name = "rmb.relay.max-sessions", defaultValue = "100000")
    int maxSessions;

    @Inject
    @ConfigProperty(name = "rmb.relay.max-sessions-per-twin", defaultValue = "32")
    int maxSessionsPerTwin;

    @Inject
    @ConfigProperty(name = "rmb.relay.max-message-bytes", defaultValue = "4194304")
    int maxMessageBytes;

    // on by default, at what no normal twin sends and a flood does: 1,000 messages and 50 MiB a second on average
    @Inject
    @ConfigProperty(name = "rmb.relay.limit.count", defaultValue = "60000")
    long limitCount;

    @Inject
    @ConfigProperty(name = "rmb.relay.limit.bytes", defaultValue = "3145728000")
    long limitBytes;

    @Inject
    @ConfigProperty(name = "rmb.relay.limit.window", defaultValue = "60")
    long limitWindowSeconds;

    @Inject
    @ConfigProperty(name = "rmb.relay.queue.max-length", defaultValue = "10000")
    int queueMaxLength;

    @Inject
    @ConfigProperty(name = "rmb.relay.queue.expiry", defaultValue = "3600")
    long queueExpirySeconds;

    @Inject
    @ConfigProperty(name = "rmb.relay.queue.budget-bytes")
    Optional<Long> queueBudgetBytes;

    @Inject
    @ConfigProperty(name = "rmb.relay.queue.twin-share-bytes")
    Optional<Long> queueTwinShareBytes;

    @Inject
    @ConfigProperty(name = "rmb.relay.queue.sender-share-bytes")
    Optional<Long> queueSenderShareBytes;

    @Inject
    @ConfigProperty(name = "rmb.relay.delivery.window", defaultValue = "32")
    int deliveryWindow;

    @Inject
    @ConfigProperty(name = "rmb.relay.send-timeout", defaultValue = "60")
    long sendTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "rmb.relay.delivery.confirm", defaultValue = "pong")
    String deliveryConfirm;

    @Inject
    @ConfigProperty(name = "rmb.relay.pong-timeout", defaultValue = "30")
    long pongTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "rmb.relay.send-queue.max-bytes", defaultValue = "1048576")
    long sendQueueMaxBytes;

    @Inject
    @ConfigProperty(name = "rmb.relay.redis.timeout", defaultValue = "3000")
    long redisTimeoutMillis;

    @Inject
    @ConfigProperty(name = "rmb.relay.redis.max-waiting-bytes", defaultValue = "67108864")
    long redisMaxWaitingBytes;

    /** This relay's domains: a twin whose relays include one of them is served here. */
    public Set<String> domains() {
        return Arrays.stream(domains.split(","))
                .map(String::trim)
                .filter(domain -> !domain.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public int maxSessions() {
        return maxSessions;
    }

    /** Sessions one twin may hold on this instance; 0: no cap per twin. */
    public int maxSessionsPerTwin() {
        return maxSessionsPerTwin;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public long limitCount() {
        return limitCount;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long limitWindowSeconds() {
        return limitWindowSeconds;
    }

    public int queueMaxLength() {
        return queueMaxLength;
    }

    public Duration queueExpiry() {
        return Duration.ofSeconds(queueExpirySeconds);
    }

    /**
     * The memory budget of the embedded queues: the settings, else a quarter of the heap and a
     * quarter of that per destination twin and per sender twin ({@link QueueBudget.Limits}).
     */
    public QueueBudget.Limits queueBudget() {
        long total = queueBudgetBytes.orElseGet(
                () -> QueueBudget.Limits.defaultTotal(Runtime.getRuntime().maxMemory()));
        QueueBudget.Limits shares = QueueBudget.Limits.ofTotal(total);
        return new QueueBudget.Limits(
                total,
                queueTwinShareBytes.orElse(shares.perDestination()),
                queueSenderShareBytes.orElse(shares.perSender()));
    }

    public int deliveryWindow() {
        return deliveryWindow;
    }

    public long sendTimeoutSeconds() {
        return sendTimeoutSeconds;
    }

    /**
     * True (setting {@code pong}) when a delivered envelope is confirmed by the twin's pong to a
     * later ping; false ({@code write}) when writing it to the socket is enough, as in the reference.
     */
    public boolean confirmByPong() {
        return switch (deliveryConfirm.trim().toLowerCase(Locale.ROOT)) {
            case "pong" -> true;
            case "write" -> false;
            default ->
                throw new IllegalArgumentException(
                        "rmb.relay.delivery.confirm must be pong or write, not '" + deliveryConfirm + "'");
        };
    }

    public Duration pongTimeout() {
        return Duration.ofSeconds(pongTimeoutSeconds);
    }

    /** The per-twin rate limit, unlimited when both limits are 0 (windows of up to twice the sessions tracked). */
    public RateLimiter rateLimiter(Clock clock) {
        if (limitCount <= 0 && limitBytes <= 0) {
            return RateLimiter.unlimited();
        }
        return new RateLimiter(limitCount, limitBytes, Duration.ofSeconds(limitWindowSeconds), clock, 2 * maxSessions);
    }

    /** Redis mode: how long a queue command waits for Redis, and how many envelope bytes may wait for it. */
    public RedisQueueLimits redisQueueLimits() {
        if (redisTimeoutMillis < 1 || redisMaxWaitingBytes < 1) {
            throw new IllegalArgumentException(
                    "rmb.relay.redis.timeout and rmb.relay.redis.max-waiting-bytes must be at least 1");
        }
        return new RedisQueueLimits(Duration.ofMillis(redisTimeoutMillis), redisMaxWaitingBytes);
    }

    /** How the relay treats the twins' sockets. */
    public SocketSessions.Rules socketRules() {
        return new SocketSessions.Rules(maxMessageBytes, confirmByPong(), pongTimeout(), sendQueueMaxBytes);
    }
}
