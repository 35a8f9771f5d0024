package dev.rmbee.web;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCluster;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The application's one Redis client ({@link SharedRedis}), created at deployment when
 * {@code rmb.redis.url} is set: a URL that cannot be used fails the deployment with the setting's
 * name. Single servers get a connection pool sized for the relay, plus the peer's share in peer mode.
 */
@ApplicationScoped
public class RedisProducer {

    private static final Logger LOG = Logger.getLogger(RedisProducer.class.getName());

    // connections kept idle / at most, per user of a single server
    private static final int RELAY_IDLE = 4;
    private static final int RELAY_POOL = 32;
    private static final int PEER_IDLE = 2;
    private static final int PEER_POOL = 16;

    @Inject
    RedisSettings settings;

    @Inject
    PeerModeSettings peer;

    @Inject
    RelaySettings relay;

    private SharedRedis redis;

    @PostConstruct
    void start() {
        if (settings.url().isEmpty()) {
            redis = SharedRedis.none();
            return;
        }
        try {
            RedissonClient client = Redisson.create(config(settings.nodes()));
            redis = SharedRedis.of(client, hotClient(), settings.masked(), settings.cluster());
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    RedisSettings.URL + ": cannot use Redis at " + settings.masked() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The pipelined RESP client of the relay's hot path with {@code rmb.redis.hot-client=resp}, on
     * a single server or a Redis Cluster; null (Redisson serves it) otherwise.
     */
    private RespCommands hotClient() {
        if (!settings.respHotClient()) {
            return null;
        }
        List<RespAddress> nodes =
                settings.nodes().stream().map(RespAddress::parse).toList();
        // every command of the hot path is bounded by the queues' timeout, checked by the client
        RespOptions options =
                RespOptions.DEFAULTS.withCommandTimeout(relay.redisQueueLimits().timeout());
        return settings.cluster() ? RespCluster.connect(nodes, options) : RespNode.connect(nodes.get(0), options);
    }

    /** One Redis server, or a Redis Cluster when several comma-separated node URLs are given. */
    private Config config(List<String> nodes) {
        Config config = new Config();
        config.setNettyThreads(settings.nettyThreads());
        if (settings.cluster()) {
            config.useClusterServers().addNodeAddress(nodes.toArray(String[]::new));
        } else {
            boolean withPeer = peer.enabled();
            config.useSingleServer()
                    .setAddress(nodes.get(0))
                    .setConnectionMinimumIdleSize(RELAY_IDLE + (withPeer ? PEER_IDLE : 0))
                    .setConnectionPoolSize(RELAY_POOL + (withPeer ? PEER_POOL : 0))
                    .setSubscriptionConnectionMinimumIdleSize(1);
        }
        return config;
    }

    @Produces
    SharedRedis redis() {
        return redis;
    }

    /** The client as the health checks see it: where, and whether every node answers a PING. */
    @Produces
    RedisReachability reachability() {
        Optional<String> where = redis.isPresent() ? Optional.of(redis.where()) : Optional.empty();
        return new RedisReachability() {
            @Override
            public Optional<String> where() {
                return where;
            }

            @Override
            public boolean ping(Duration timeout) {
                return redis.ping(timeout);
            }
        };
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and run start()) at deployment time
        LOG.fine(() -> redis.isPresent() ? "Redis client for " + redis.where() : "no Redis configured");
    }

    @PreDestroy
    void stop() {
        redis.close();
    }
}
