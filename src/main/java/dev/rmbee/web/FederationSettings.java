package dev.rmbee.web;

import dev.rmbee.federation.EgressLimits;
import dev.rmbee.federation.IngressLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The federation settings (rmb.federation.*), from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class FederationSettings {

    @Inject
    @ConfigProperty(name = "rmb.federation.verify", defaultValue = "true")
    boolean verify;

    @Inject
    @ConfigProperty(name = "rmb.federation.scheme", defaultValue = "https")
    String scheme;

    @Inject
    @ConfigProperty(name = "rmb.federation.workers", defaultValue = "4")
    int workers;

    @Inject
    @ConfigProperty(name = "rmb.federation.window", defaultValue = "64")
    int window;

    @Inject
    @ConfigProperty(name = "rmb.federation.relay-share", defaultValue = "16")
    int relayShare;

    @Inject
    @ConfigProperty(name = "rmb.federation.retry.max-horizon", defaultValue = "3600")
    long retryMaxHorizonSeconds;

    @Inject
    @ConfigProperty(name = "rmb.federation.ranker-window", defaultValue = "3600")
    long rankerWindowSeconds;

    @Inject
    @ConfigProperty(name = "rmb.federation.backoff.initial", defaultValue = "500")
    long backoffInitialMillis;

    @Inject
    @ConfigProperty(name = "rmb.federation.backoff.max", defaultValue = "30000")
    long backoffMaxMillis;

    @Inject
    @ConfigProperty(name = "rmb.federation.instance")
    Optional<String> instance;

    @Inject
    @ConfigProperty(name = "rmb.federation.claim-idle", defaultValue = "60")
    long claimIdleSeconds;

    @Inject
    @ConfigProperty(name = "rmb.federation.queue.capacity", defaultValue = "100000")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "rmb.federation.ingress.rate", defaultValue = "1000")
    double ingressRate;

    @Inject
    @ConfigProperty(name = "rmb.federation.ingress.burst", defaultValue = "2000")
    int ingressBurst;

    @Inject
    @ConfigProperty(name = "rmb.federation.replay.max-ttl", defaultValue = "3600")
    long replayMaxTtlSeconds;

    @Inject
    @ConfigProperty(name = "rmb.federation.replay.capacity", defaultValue = "100000")
    int replayCapacity;

    /** The federation ingress's bounds: POSTs per remote address, how long replays are remembered. */
    public IngressLimits ingressLimits() {
        if (ingressRate < 0 || ingressBurst < 1) {
            throw new IllegalArgumentException("rmb.federation.ingress.rate must be at least 0 and"
                    + " rmb.federation.ingress.burst at least 1, not " + ingressRate + " and " + ingressBurst);
        }
        if (replayMaxTtlSeconds < 1) {
            throw new IllegalArgumentException(
                    "rmb.federation.replay.max-ttl must be at least 1 second, not " + replayMaxTtlSeconds);
        }
        return new IngressLimits(ingressRate, ingressBurst, Duration.ofSeconds(replayMaxTtlSeconds));
    }

    /** The egress's window, each destination relay's share of it, and the retry horizon. */
    public EgressLimits egressLimits() {
        if (window < 1 || relayShare < 1 || retryMaxHorizonSeconds < 1) {
            throw new IllegalArgumentException("rmb.federation.window, rmb.federation.relay-share and"
                    + " rmb.federation.retry.max-horizon must be at least 1, not " + window + ", " + relayShare
                    + " and " + retryMaxHorizonSeconds);
        }
        return new EgressLimits(window, relayShare, Duration.ofSeconds(retryMaxHorizonSeconds));
    }

    /** Embedded mode: envelopes the in-memory replay memory holds. */
    public int replayCapacity() {
        if (replayCapacity < 1) {
            throw new IllegalArgumentException(
                    "rmb.federation.replay.capacity must be at least 1, not " + replayCapacity);
        }
        return replayCapacity;
    }

    /**
     * True when envelopes posted by other relays are checked: destination served here, source
     * signature valid. Off only reproduces the reference's open ingress.
     */
    public boolean verify() {
        return verify;
    }

    /** {@code http} or {@code https}: how this relay reaches other relays. */
    public String scheme() {
        String value = scheme.trim().toLowerCase(Locale.ROOT);
        if (!value.equals("http") && !value.equals("https")) {
            throw new IllegalArgumentException("rmb.federation.scheme must be http or https, not '" + scheme + "'");
        }
        return value;
    }

    public int workers() {
        return workers;
    }

    public Duration rankerWindow() {
        return Duration.ofSeconds(rankerWindowSeconds);
    }

    public Duration backoffInitial() {
        return Duration.ofMillis(backoffInitialMillis);
    }

    public Duration backoffMax() {
        return Duration.ofMillis(backoffMaxMillis);
    }

    /** This instance's id among those sharing a Redis: the setting, else the host name. */
    public String instance() {
        return instance.filter(value -> !value.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "relay";
            }
        });
    }

    public Duration claimIdle() {
        return Duration.ofSeconds(claimIdleSeconds);
    }

    public int queueCapacity() {
        return queueCapacity;
    }
}
