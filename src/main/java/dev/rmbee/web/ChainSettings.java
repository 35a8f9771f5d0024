package dev.rmbee.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The tfchain settings (rmb.chain.*), from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class ChainSettings {

    @Inject
    @ConfigProperty(name = "rmb.chain.urls")
    Optional<String> urls;

    @Inject
    @ConfigProperty(name = "rmb.chain.cache.size", defaultValue = "10000")
    int cacheSize;

    @Inject
    @ConfigProperty(name = "rmb.chain.cache.ttl", defaultValue = "300")
    long cacheTtlSeconds;

    @Inject
    @ConfigProperty(name = "rmb.chain.cache.absent-size", defaultValue = "10000")
    int absentSize;

    @Inject
    @ConfigProperty(name = "rmb.chain.cache.absent-ttl", defaultValue = "10")
    long absentTtlSeconds;

    @Inject
    @ConfigProperty(name = "rmb.chain.lookup-timeout", defaultValue = "5")
    long lookupTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "rmb.chain.connect-timeout", defaultValue = "12")
    long connectTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "rmb.chain.head-timeout", defaultValue = "30")
    long headTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "rmb.chain.catchup-threshold", defaultValue = "600")
    int catchupThreshold;

    @Inject
    @ConfigProperty(name = "rmb.chain.reconnect.initial", defaultValue = "1000")
    long reconnectInitialMillis;

    @Inject
    @ConfigProperty(name = "rmb.chain.reconnect.max", defaultValue = "6000")
    long reconnectMaxMillis;

    /** The node URLs in the order given; empty when twins do not come from a chain. */
    public List<URI> urls() {
        List<URI> list = new ArrayList<>();
        for (String url : urls.orElse("").split(",")) {
            if (url.isBlank()) {
                continue;
            }
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "rmb.chain.urls: '" + url.trim() + "' is not a ws:// or wss:// URL with a host");
            }
            list.add(uri);
        }
        return list;
    }

    public boolean enabled() {
        return !urls().isEmpty();
    }

    public int cacheSize() {
        return positive("rmb.chain.cache.size", cacheSize);
    }

    public Duration cacheTtl() {
        return seconds("rmb.chain.cache.ttl", cacheTtlSeconds);
    }

    public int absentSize() {
        return positive("rmb.chain.cache.absent-size", absentSize);
    }

    public Duration absentTtl() {
        return seconds("rmb.chain.cache.absent-ttl", absentTtlSeconds);
    }

    public Duration lookupTimeout() {
        return seconds("rmb.chain.lookup-timeout", lookupTimeoutSeconds);
    }

    public Duration connectTimeout() {
        return seconds("rmb.chain.connect-timeout", connectTimeoutSeconds);
    }

    public Duration headTimeout() {
        return seconds("rmb.chain.head-timeout", headTimeoutSeconds);
    }

    public int catchupThreshold() {
        return positive("rmb.chain.catchup-threshold", catchupThreshold);
    }

    public Duration reconnectInitial() {
        return Duration.ofMillis(positive("rmb.chain.reconnect.initial", reconnectInitialMillis));
    }

    public Duration reconnectMax() {
        return Duration.ofMillis(positive("rmb.chain.reconnect.max", reconnectMaxMillis));
    }

    private static Duration seconds(String name, long value) {
        return Duration.ofSeconds(positive(name, value));
    }

    private static int positive(String name, int value) {
        return (int) positive(name, (long) value);
    }

    private static long positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
