package dev.rmbee.web;

import dev.rmbee.auth.TokenVerifier;
import dev.rmbee.federation.EmbeddedFederationQueue;
import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.FederationQueue;
import dev.rmbee.federation.HttpRemoteRelayClient;
import dev.rmbee.federation.InboundFederation;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.federation.redis.RedisFederationQueue;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.EnvelopeRouter;
import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.SocketSessions;
import dev.rmbee.relay.redis.RedisSessionQueues;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Builds the relay's plain-Java core once per application from its settings and hands it to the
 * endpoints. Started eagerly so a bad registry file or Redis URL fails the deployment, not the
 * first client. All background work runs on the server's managed executors.
 */
@ApplicationScoped
public class RelayServices {

    private static final Logger LOG = Logger.getLogger(RelayServices.class.getName());

    @Inject
    RelaySettings settings;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    private LocalTwinRegistry registry;
    private SessionRegistry sessions;
    private SessionQueues queues;
    private SessionDelivery delivery;
    private EnvelopeRouter router;
    private TokenVerifier tokenVerifier;
    private InboundFederation inboundFederation;
    private ScheduledFuture<?> sweeper;
    private SocketSessions sockets;
    private RedissonClient redisson;
    private FederationQueue federationQueue;
    private FederationGateway federation;

    @PostConstruct
    void start() {
        registry = new LocalTwinRegistry();
        settings.registryFile()
                .ifPresentOrElse(
                        this::loadTwins,
                        () -> LOG.warning("rmb.registry.file is not set: the twin registry starts empty"));
        sessions = new SessionRegistry(settings.maxSessions());
        queues = createQueues();
        delivery = new SessionDelivery(queues, executor, scheduler, clock, settings.deliveryWindow());
        // after a Redis reconnect wake-ups may have been missed: every connected session looks again
        queues.onResync(delivery::wakeAll);
        RateLimiter limiter = settings.limitCount() > 0 || settings.limitBytes() > 0
                ? new RateLimiter(
                        settings.limitCount(),
                        settings.limitBytes(),
                        Duration.ofSeconds(settings.limitWindowSeconds()),
                        clock,
                        2 * settings.maxSessions())
                : RateLimiter.unlimited();
        federationQueue = redisson != null
                ? new RedisFederationQueue(
                        redisson,
                        executor,
                        settings.federationInstance(),
                        settings.federationClaimIdle(),
                        RedisFederationQueue.DEFAULT_SCAN_INTERVAL)
                : new EmbeddedFederationQueue(executor, scheduler, settings.federationQueueCapacity());
        federation = new FederationGateway(
                federationQueue,
                registry,
                new RelayRanker(settings.federationRankerWindow(), clock),
                new HttpRemoteRelayClient(settings.federationScheme(), executor),
                queues,
                clock,
                executor,
                scheduler,
                settings.federationWorkers(),
                settings.federationBackoffInitial(),
                settings.federationBackoffMax());
        router = new EnvelopeRouter(
                sessions, queues, delivery, registry, settings.domains(), limiter, federation, clock);
        tokenVerifier = new TokenVerifier(registry, clock);
        inboundFederation = new InboundFederation(
                sessions, queues, delivery, registry, settings.domains(), settings.federationVerify());
        sockets = new SocketSessions(
                sessions,
                delivery,
                router,
                new SocketSessions.Rules(
                        settings.maxMessageBytes(),
                        settings.confirmByPong(),
                        Duration.ofSeconds(settings.pongTimeoutSeconds())),
                System::nanoTime);
        sockets.start(scheduler);
        federation.start();
        LOG.info(() -> "relay for domains " + settings.domains() + " with " + describeQueues()
                + (limiter.isEnabled()
                        ? ", rate limit " + settings.limitCount() + " messages / " + settings.limitBytes()
                                + " bytes per " + settings.limitWindowSeconds() + " s"
                        : ""));
    }

    /** Loads one registry file, or several separated by commas (later files win for the same id). */
    private void loadTwins(String files) {
        for (String file : files.split(",")) {
            if (file.isBlank()) {
                continue;
            }
            Path path = Path.of(file.trim());
            try {
                List<Twin> twins = TwinFiles.read(path);
                twins.forEach(registry::put);
                LOG.info(() -> "loaded " + twins.size() + " twins from " + path.toAbsolutePath());
            } catch (RegistryException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    private SessionQueues createQueues() {
        if (settings.redisUrl().isPresent()) {
            redisson = Redisson.create(redisConfig(settings.redisUrl().get()));
            return new RedisSessionQueues(
                    redisson, scheduler, settings.queueMaxLength(), Duration.ofSeconds(settings.queueExpirySeconds()));
        }
        EmbeddedSessionQueues embedded = new EmbeddedSessionQueues(
                settings.queueMaxLength(), Duration.ofSeconds(settings.queueExpirySeconds()), clock);
        sweeper = scheduler.scheduleWithFixedDelay(embedded::sweepExpired, 1, 1, TimeUnit.MINUTES);
        return embedded;
    }

    /** One Redis server, or a Redis Cluster when several comma-separated node URLs are given. */
    private Config redisConfig(String urls) {
        List<String> nodes = Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .toList();
        Config config = new Config();
        if (nodes.size() > 1 || settings.redisCluster()) {
            config.useClusterServers().addNodeAddress(nodes.toArray(String[]::new));
        } else {
            config.useSingleServer()
                    .setAddress(nodes.get(0))
                    .setConnectionMinimumIdleSize(4)
                    .setConnectionPoolSize(32)
                    .setSubscriptionConnectionMinimumIdleSize(1);
        }
        return config;
    }

    private String describeQueues() {
        return redisson == null
                ? "embedded in-memory queues (single node)"
                : "Redis queues at " + settings.redisUrl().orElseThrow().replaceAll("//[^@/]*@", "//***@");
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and run start()) at deployment time
        LOG.fine(() -> "relay core ready with " + registry.size() + " twins");
    }

    /**
     * Stops the federation workers as soon as the application starts going down: the managed
     * executors they run on go away before {@link #stop()} would be called, and each worker then
     * logged that it was refused. What they hold stays queued.
     */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (federation != null) {
            federation.close();
        }
    }

    @PreDestroy
    void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        sockets.stop();
        federation.close();
        federationQueue.close();
        queues.close();
        if (redisson != null) {
            redisson.shutdown();
        }
    }

    public RelaySettings settings() {
        return settings;
    }

    public LocalTwinRegistry registry() {
        return registry;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    public SessionDelivery delivery() {
        return delivery;
    }

    public SocketSessions sockets() {
        return sockets;
    }

    public InboundFederation inboundFederation() {
        return inboundFederation;
    }

    public TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }
}
