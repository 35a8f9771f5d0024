package dev.rmbee.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Redis settings (rmb.redis.*), from MicroProfile Config; docs/configuration.md lists them. */
@ApplicationScoped
public class RedisSettings {

    static final String URL = "rmb.redis.url";

    @Inject
    @ConfigProperty(name = URL)
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "rmb.redis.cluster", defaultValue = "false")
    boolean cluster;

    @Inject
    @ConfigProperty(name = "rmb.redis.netty-threads", defaultValue = "32")
    int nettyThreads;

    @Inject
    @ConfigProperty(name = HOT_CLIENT, defaultValue = "resp")
    String hotClient;

    static final String HOT_CLIENT = "rmb.redis.hot-client";

    /**
     * True when the relay's hot path (the appends' script) goes through the pipelined RESP client
     * ({@code resp}), false for Redisson ({@code redisson}); another value fails the deployment.
     */
    public boolean respHotClient() {
        return switch (hotClient.trim()) {
            case "resp" -> true;
            case "redisson" -> false;
            default -> throw new IllegalStateException(HOT_CLIENT + ": 'resp' or 'redisson', not '" + hotClient + "'");
        };
    }

    /** The Redis client's I/O threads (Redisson's {@code nettyThreads}); at least 1. */
    public int nettyThreads() {
        return Math.max(1, nettyThreads);
    }

    /** The Redis URL(s) as configured; empty: no Redis (the relay's queues live in memory). */
    public Optional<String> url() {
        return url.filter(value -> !value.isBlank());
    }

    /** The node URLs of {@link #url()}: one server, or several nodes of a Redis Cluster. */
    public List<String> nodes() {
        return url().stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(node -> !node.isEmpty())
                .toList();
    }

    /** True when {@code rmb.redis.url} names a Redis Cluster (implied by several URLs). */
    public boolean cluster() {
        return cluster || nodes().size() > 1;
    }

    /** The URL for logs: a password in it is masked. */
    public String masked() {
        return url().orElse("").replaceAll("//[^@/]*@", "//***@");
    }
}
