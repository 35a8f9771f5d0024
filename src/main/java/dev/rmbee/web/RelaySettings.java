package dev.rmbee.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The relay's settings, from MicroProfile Config (docs/configuration.md lists them all). */
@ApplicationScoped
public class RelaySettings {

    @Inject
    @ConfigProperty(name = "rmb.registry.file")
    Optional<String> registryFile;

    @Inject
    @ConfigProperty(name = "rmb.relay.domains", defaultValue = "localhost")
    String domains;

    @Inject
    @ConfigProperty(name = "rmb.relay.max-sessions", defaultValue = "100000")
    int maxSessions;

    @Inject
    @ConfigProperty(name = "rmb.relay.max-message-bytes", defaultValue = "4194304")
    int maxMessageBytes;

    @Inject
    @ConfigProperty(name = "rmb.relay.limit.count", defaultValue = "0")
    long limitCount;

    @Inject
    @ConfigProperty(name = "rmb.relay.limit.bytes", defaultValue = "0")
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
    @ConfigProperty(name = "rmb.redis.url")
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = "rmb.federation.verify", defaultValue = "true")
    boolean federationVerify;

    @Inject
    @ConfigProperty(name = "rmb.federation.scheme", defaultValue = "https")
    String federationScheme;

    @Inject
    @ConfigProperty(name = "rmb.federation.workers", defaultValue = "4")
    int federationWorkers;

    @Inject
    @ConfigProperty(name = "rmb.federation.ranker-window", defaultValue = "3600")
    long federationRankerWindowSeconds;

    @Inject
    @ConfigProperty(name = "rmb.federation.backoff.initial", defaultValue = "500")
    long federationBackoffInitialMillis;

    @Inject
    @ConfigProperty(name = "rmb.federation.backoff.max", defaultValue = "30000")
    long federationBackoffMaxMillis;

    @Inject
    @ConfigProperty(name = "rmb.federation.instance")
    Optional<String> federationInstance;

    @Inject
    @ConfigProperty(name = "rmb.federation.claim-idle", defaultValue = "60")
    long federationClaimIdleSeconds;

    @Inject
    @ConfigProperty(name = "rmb.federation.queue.capacity", defaultValue = "100000")
    int federationQueueCapacity;

    @Inject
    @ConfigProperty(name = "rmb.redis.cluster", defaultValue = "false")
    boolean redisCluster;

    @Inject
    @ConfigProperty(name = "rmb.bench.echo", defaultValue = "false")
    boolean benchEcho;

    public Optional<String> registryFile() {
        return registryFile.filter(value -> !value.isBlank());
    }

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

    public long queueExpirySeconds() {
        return queueExpirySeconds;
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
        return switch (deliveryConfirm.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "pong" -> true;
            case "write" -> false;
            default ->
                throw new IllegalArgumentException(
                        "rmb.relay.delivery.confirm must be pong or write, not '" + deliveryConfirm + "'");
        };
    }

    public long pongTimeoutSeconds() {
        return pongTimeoutSeconds;
    }

    /**
     * True when envelopes posted by other relays are checked: destination served here, source
     * signature valid. Off only reproduces the reference's open ingress.
     */
    public boolean federationVerify() {
        return federationVerify;
    }

    /** {@code http} or {@code https}: how this relay reaches other relays. */
    public String federationScheme() {
        String scheme = federationScheme.trim().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "rmb.federation.scheme must be http or https, not '" + federationScheme + "'");
        }
        return scheme;
    }

    public int federationWorkers() {
        return federationWorkers;
    }

    public java.time.Duration federationRankerWindow() {
        return java.time.Duration.ofSeconds(federationRankerWindowSeconds);
    }

    public java.time.Duration federationBackoffInitial() {
        return java.time.Duration.ofMillis(federationBackoffInitialMillis);
    }

    public java.time.Duration federationBackoffMax() {
        return java.time.Duration.ofMillis(federationBackoffMaxMillis);
    }

    /** This instance's id among those sharing a Redis: the setting, else the host name. */
    public String federationInstance() {
        return federationInstance.filter(value -> !value.isBlank()).orElseGet(() -> {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                return "relay";
            }
        });
    }

    public java.time.Duration federationClaimIdle() {
        return java.time.Duration.ofSeconds(federationClaimIdleSeconds);
    }

    public int federationQueueCapacity() {
        return federationQueueCapacity;
    }

    /** True when {@code rmb.redis.url} names a Redis Cluster (implied by several URLs). */
    public boolean redisCluster() {
        return redisCluster;
    }

    /**
     * True when the benchmark echo ({@link BenchEchoEndpoint}) is registered: an unauthenticated
     * WebSocket echo, for benchmarks only.
     */
    public boolean benchEcho() {
        return benchEcho;
    }

    public Optional<String> redisUrl() {
        return redisUrl.filter(value -> !value.isBlank());
    }
}
