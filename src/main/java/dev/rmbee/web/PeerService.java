package dev.rmbee.web;

import dev.rmbee.chain.publish.PublishSchedule;
import dev.rmbee.chain.publish.TwinPublisher;
import dev.rmbee.chain.twins.ChainTwins;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.PeerIdentity;
import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.peer.link.LinkStatus;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.retry.Backoff;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;

/**
 * Peer mode (rmb.peer.enabled): this server also acts as one twin, like the reference's rmb-peer,
 * for local programs that push JSON to Redis lists. Builds the plain-Java peer (identity, relay
 * links, local bus, gateway) from the settings at deployment; a missing secret, relay list or Redis
 * URL fails the deployment with a message that says which setting. Looks twins up in the server's
 * registry, talks to the application's one Redis client (its blocking takes through Redisson, its
 * other commands through the RESP client of the relay's hot path when {@code rmb.redis.hot-client}
 * is {@code resp}); all work runs on the server's managed executors.
 */
@ApplicationScoped
public class PeerService {

    private static final Logger LOG = Logger.getLogger(PeerService.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** How long one update_twin may take to be finalized (tfchain finalizes in about 12 to 18 s). */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(120);

    private static final Duration PUBLISH_RETRY_INITIAL = Duration.ofSeconds(10);
    private static final Duration PUBLISH_RETRY_MAX = Duration.ofMinutes(10);

    @Inject
    PeerModeSettings settings;

    @Inject
    TwinRegistry registry;

    @Inject
    Optional<ChainTwins> chain;

    @Inject
    SharedRedis redis;

    @Resource
    ManagedScheduledExecutorService executor;

    private boolean usesRedis;
    private RelayLinks links;
    private PeerGateway gateway;
    private PublishSchedule publishing;
    private boolean stopped;
    private final ShutdownSteps shutdown = new ShutdownSteps(LOG, "peer");

    @PostConstruct
    void start() {
        if (!settings.enabled()) {
            return;
        }
        KeyType keyType = settings.keyType();
        String secret = settings.secret();
        Signer signer = SubstrateKeys.signer(secret, keyType);
        E2eKey e2eKey = E2eKey.fromSecret(secret, keyType);
        PeerIdentity identity;
        try {
            identity = PeerIdentity.resolve(registry, signer, e2eKey, settings.twin());
        } catch (RegistryException e) {
            throw new IllegalStateException("peer mode: " + e.getMessage(), e);
        }
        RedissonClient redisson = localRedis();
        Clock clock = Clock.systemUTC();
        PeerGateway[] started = new PeerGateway[1];
        links = new RelayLinks(
                settings.relays(),
                identity.twinId(),
                signer,
                frame -> started[0].onEnvelope(frame),
                executor,
                executor,
                clock,
                settings.linkSettings());
        gateway = new PeerGateway(
                identity,
                registry,
                links,
                redis.hot()
                        .map(resp -> new RedisLocalBus(redisson, resp, executor, identity.twinId()))
                        .orElseGet(() -> new RedisLocalBus(redisson, executor, identity.twinId())),
                executor,
                clock,
                settings.gatewaySettings(BuildInfo.version()));
        started[0] = gateway;
        gateway.start();
        links.start();
        chain.filter(present -> settings.publish()).ifPresent(chainTwins -> publish(chainTwins, identity));
        LOG.info(() -> "peer gateway for twin " + identity.twinId() + " ("
                + keyType.name().toLowerCase() + ") on relays " + settings.relays() + ", local API on Redis at "
                + redis.where());
    }

    /** The state of each relay link; empty when peer mode is off. */
    public List<LinkStatus> linkStatus() {
        return links == null ? List.of() : links.status();
    }

    /** The messages the peer processes now; empty when peer mode is off. */
    public Optional<PeerGateway.InFlight> inFlight() {
        return Optional.ofNullable(gateway).map(PeerGateway::inFlight);
    }

    /** Publishes the peer's relays and e2e key on its twin when the chain's differ, retrying while it fails. */
    private void publish(ChainTwins chainTwins, PeerIdentity identity) {
        TwinPublisher publisher = new TwinPublisher(chainTwins, PUBLISH_TIMEOUT);
        List<URI> relays = settings.relays().stream().map(URI::create).toList();
        TwinPublisher.relayValue(relays);
        publishing = new PublishSchedule(
                () -> publisher.publish(
                        identity.twinId(),
                        identity.signer(),
                        relays,
                        identity.e2eKey().publicKey()),
                executor,
                new Backoff("peer publish", PUBLISH_RETRY_INITIAL, PUBLISH_RETRY_MAX),
                () -> ThreadLocalRandom.current().nextDouble());
        publishing.start();
    }

    /** The Redis of the local API: required in peer mode, and a single server (the pop names two lists). */
    private RedissonClient localRedis() {
        if (!redis.isPresent()) {
            throw new IllegalStateException(
                    "peer mode needs rmb.redis.url (RMB_REDIS_URL): local programs talk to the peer through Redis lists");
        }
        if (redis.isCluster()) {
            throw new IllegalStateException("peer mode needs a single Redis server, not a cluster (rmb.redis.url, "
                    + "rmb.redis.cluster): the local API's pop names two lists");
        }
        RedissonClient client = redis.use().orElseThrow();
        usesRedis = true;
        return client;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and run start()) at deployment time
        LOG.fine(() -> settings.enabled() ? "peer mode on" : "peer mode off");
    }

    /**
     * Stops the peer as soon as the application starts going down, before the relay closes its
     * sessions (the peer's own links among them would otherwise start reconnecting to a relay that
     * is leaving).
     */
    void onShutdown(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stop();
    }

    /** Idempotent; each step runs even if an earlier one failed, so no link outlives the application. */
    @PreDestroy
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (publishing != null) {
            shutdown.run("stopping the publish retries", publishing::close);
        }
        // no more frames in, then let the work in progress finish, then the local Redis goes
        if (links != null) {
            shutdown.run("closing the relay links", links::close);
        }
        if (gateway != null) {
            shutdown.run("stopping the gateway", () -> {
                if (!gateway.stop(STOP_WAIT)) {
                    LOG.warning(() ->
                            "peer gateway: work still in progress after " + STOP_WAIT.toSeconds() + " s at shutdown");
                }
            });
        }
        if (usesRedis) {
            shutdown.run("releasing the Redis client", redis::release);
        }
    }
}
