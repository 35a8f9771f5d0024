package dev.rmbee.web;

import dev.rmbee.federation.EmbeddedFederationQueue;
import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.FederationQueue;
import dev.rmbee.federation.HttpRemoteRelayClient;
import dev.rmbee.federation.InboundFederation;
import dev.rmbee.federation.MemoryReplayGuard;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.federation.ReplayGuard;
import dev.rmbee.federation.redis.RedisFederationQueue;
import dev.rmbee.federation.redis.RedisReplayGuard;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCluster;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.budget.QueueBudget;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;

/**
 * Relay-to-relay traffic: the {@link FederationGateway} whose workers POST foreign twins'
 * envelopes to their relays (its queue in Redis with {@code rmb.redis.url}, else in memory), and
 * the {@link InboundFederation} behind {@code POST /}. The workers start at deployment and stop as
 * soon as the application starts going down.
 */
@ApplicationScoped
public class FederationProducer {

    private static final Logger LOG = Logger.getLogger(FederationProducer.class.getName());

    @Inject
    FederationSettings settings;

    @Inject
    RelaySettings relay;

    @Inject
    SharedRedis redis;

    @Inject
    RedisSettings redisSettings;

    @Inject
    TwinRegistry registry;

    @Inject
    SessionRegistry sessions;

    @Inject
    SessionQueues queues;

    @Inject
    SessionDelivery delivery;

    @Inject
    FederationCounters counters;

    @Inject
    QueueBudget budget;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    private FederationQueue federationQueue;
    private FederationGateway gateway;
    private InboundFederation inbound;
    private boolean onRedis;
    /** The workers' connections for their blocking reads of the federation stream (RESP hot client only). */
    private List<RespCommands> readConnections = List.of();

    private final ShutdownSteps shutdown = new ShutdownSteps(LOG, "federation");

    @PostConstruct
    void start() {
        Optional<RedissonClient> client = redis.use();
        onRedis = client.isPresent();
        if (onRedis && redis.hot().isPresent()) {
            readConnections = readConnections(settings.workers());
        }
        federationQueue = client.<FederationQueue>map(shared -> new RedisFederationQueue(
                        shared,
                        redis.hot().orElse(null),
                        readConnections,
                        executor,
                        settings.instance(),
                        settings.claimIdle(),
                        RedisFederationQueue.DEFAULT_SCAN_INTERVAL))
                .orElseGet(() -> new EmbeddedFederationQueue(executor, scheduler, settings.queueCapacity(), budget));
        ReplayGuard replays = client.<ReplayGuard>map(
                        shared -> new RedisReplayGuard(shared, redis.hot().orElse(null), executor))
                .orElseGet(() -> new MemoryReplayGuard(clock, settings.replayCapacity()));
        gateway = FederationGateway.builder()
                .queue(federationQueue)
                .registry(registry)
                .ranker(new RelayRanker(settings.rankerWindow(), clock))
                .client(new HttpRemoteRelayClient(settings.scheme()))
                .replies(queues)
                .clock(clock)
                .threads(executor, scheduler)
                .workers(settings.workers())
                .backoff(settings.backoffInitial(), settings.backoffMax())
                .counters(counters)
                .limits(settings.egressLimits())
                .build();
        inbound = new InboundFederation(
                sessions,
                queues,
                delivery,
                registry,
                relay.domains(),
                settings.verify(),
                clock,
                settings.ingressLimits(),
                replays);
        gateway.start();
    }

    /**
     * One RESP connection per worker to the relay's Redis, for its blocking reads alone (the hot
     * path's client is pipelined: a blocking read there would hold up every command behind it).
     */
    private List<RespCommands> readConnections(int workers) {
        List<RespAddress> nodes =
                redisSettings.nodes().stream().map(RespAddress::parse).toList();
        List<RespCommands> connections = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            connections.add(
                    redisSettings.cluster()
                            ? RespCluster.connect(nodes, RespOptions.DEFAULTS)
                            : RespNode.connect(nodes.get(0), RespOptions.DEFAULTS));
        }
        return connections;
    }

    /** Where the relay hands envelopes for foreign twins. */
    @Produces
    FederationGateway gateway() {
        return gateway;
    }

    @Produces
    InboundFederation inbound() {
        return inbound;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and start the workers) at deployment time
        LOG.fine(() -> "federation workers started");
    }

    /**
     * Stops the federation workers as soon as the application starts going down: the managed
     * executors they run on go away before {@link #stop()} would be called, and each worker then
     * logged that it was refused. What they hold stays queued.
     */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (gateway != null) {
            shutdown.run("stopping the workers", gateway::close);
        }
    }

    /** Idempotent; each step runs even if an earlier one failed ({@link ShutdownSteps}). */
    @PreDestroy
    void stop() {
        if (!shutdown.begin()) {
            return;
        }
        shutdown.run("stopping the workers", gateway::close);
        shutdown.run("closing the federation queue", federationQueue::close);
        shutdown.run("closing the federation's read connections", () -> readConnections.forEach(RespCommands::close));
        if (onRedis) {
            shutdown.run("releasing the Redis client", redis::release);
        }
    }
}
