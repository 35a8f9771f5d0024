package dev.rmbee.web;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.PeerIdentity;
import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.registry.RegistryException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Peer mode (rmb.peer.enabled): this server also acts as one twin, like the reference's rmb-peer,
 * for local programs that push JSON to Redis lists. Builds the plain-Java peer (identity, relay
 * links, local bus, gateway) from the settings at deployment; a missing secret, relay list or Redis
 * URL fails the deployment with a message that says which setting. Looks twins up in the relay's
 * registry; all work runs on the server's managed executors.
 */
@ApplicationScoped
public class PeerServices {

    private static final Logger LOG = Logger.getLogger(PeerServices.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    @Inject
    PeerModeSettings settings;

    @Inject
    RelayServices relay;

    @Resource
    ManagedScheduledExecutorService executor;

    private RedissonClient redisson;
    private RelayLinks links;
    private PeerGateway gateway;
    private boolean stopped;

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
            identity = PeerIdentity.resolve(relay.registry(), signer, e2eKey, settings.twin());
        } catch (RegistryException e) {
            throw new IllegalStateException("peer mode: " + e.getMessage(), e);
        }
        String redisUrl = settings.redisUrl();
        Config config = new Config();
        config.useSingleServer()
                .setAddress(redisUrl)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16);
        redisson = Redisson.create(config);
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
                relay.registry(),
                links,
                new RedisLocalBus(redisson, executor),
                executor,
                clock,
                settings.gatewaySettings(BuildInfo.version()));
        started[0] = gateway;
        gateway.start();
        links.start();
        LOG.info(() -> "peer gateway for twin " + identity.twinId() + " ("
                + keyType.name().toLowerCase() + ") on relays " + settings.relays() + ", local API on Redis at "
                + redisUrl.replaceAll("//[^@/]*@", "//***@"));
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
        // no more frames in, then let the work in progress finish, then the local Redis goes
        if (links != null) {
            step("closing the relay links", links::close);
        }
        if (gateway != null) {
            step("stopping the gateway", () -> {
                if (!gateway.stop(STOP_WAIT)) {
                    LOG.warning(() ->
                            "peer gateway: work still in progress after " + STOP_WAIT.toSeconds() + " s at shutdown");
                }
            });
        }
        if (redisson != null) {
            step("closing the Redis client", redisson::shutdown);
        }
    }

    private static void step(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "peer shutdown: " + what + " failed", e);
        }
    }

    /** The running gateway, or null when peer mode is off. */
    public PeerGateway gateway() {
        return gateway;
    }

    /** The relay links, or null when peer mode is off. */
    public RelayLinks links() {
        return links;
    }
}
