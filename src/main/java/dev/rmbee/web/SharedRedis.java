package dev.rmbee.web;

import dev.rmbee.redis.resp.RespCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;

/**
 * The application's one Redis client, or none without {@code rmb.redis.url}: the relay's session
 * queues, the federation queue and the peer's local API all run on it. Each user takes it with
 * {@link #use()} and gives it back with {@link #release()} once it closed what runs on it; the
 * client is shut down when its owner has {@link #close() closed} it and the last user gave it back,
 * whatever order the container destroys its beans in.
 */
final class SharedRedis {

    private final RedissonClient client;
    private final RespCommands hot;
    private final String where;
    private final boolean cluster;
    private int users;
    private boolean closing;
    private boolean shutDown;

    private SharedRedis(RedissonClient client, RespCommands hot, String where, boolean cluster) {
        this.client = client;
        this.hot = hot;
        this.where = where;
        this.cluster = cluster;
    }

    /** A shared client; {@code where} is its URL for logs, without password. */
    static SharedRedis of(RedissonClient client, String where, boolean cluster) {
        return new SharedRedis(client, null, where, cluster);
    }

    /** With the RESP client of the relay's hot path ({@code rmb.redis.hot-client=resp}), closed with it. */
    static SharedRedis of(RedissonClient client, RespCommands hot, String where, boolean cluster) {
        return new SharedRedis(client, hot, where, cluster);
    }

    /** No Redis configured. */
    static SharedRedis none() {
        return new SharedRedis(null, null, "", false);
    }

    boolean isPresent() {
        return client != null;
    }

    /** True when the client talks to a Redis Cluster. */
    boolean isCluster() {
        return cluster;
    }

    /** The Redis URL for logs (a password masked). */
    String where() {
        return where;
    }

    /**
     * PINGs every node within {@code timeout}: false when one did not answer, without Redis, or once
     * the client is closing.
     */
    boolean ping(Duration timeout) {
        synchronized (this) {
            if (client == null || closing) {
                return false;
            }
        }
        try {
            return (cluster ? client.getRedisNodes(RedisNodes.CLUSTER) : client.getRedisNodes(RedisNodes.SINGLE))
                    .pingAll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The client, counted as in use until {@link #release()}; empty without Redis. */
    synchronized Optional<RedissonClient> use() {
        if (client == null) {
            return Optional.empty();
        }
        if (closing) {
            throw new IllegalStateException("the Redis client is closing");
        }
        users++;
        return Optional.of(client);
    }

    /** The RESP client of the relay's hot path, empty when Redisson serves it; taken with {@link #use()}. */
    Optional<RespCommands> hot() {
        return Optional.ofNullable(hot);
    }

    /** One user of {@link #use()} is done with the client. */
    synchronized void release() {
        if (users > 0) {
            users--;
        }
        shutDownIfUnused();
    }

    /** The owner is done: the client is shut down now, or when its last user gives it back. */
    synchronized void close() {
        closing = true;
        shutDownIfUnused();
    }

    private void shutDownIfUnused() {
        if (closing && users == 0 && client != null && !shutDown) {
            shutDown = true;
            if (hot != null) {
                hot.close();
            }
            client.shutdown();
        }
    }
}
