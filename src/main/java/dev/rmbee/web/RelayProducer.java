package dev.rmbee.web;

import dev.rmbee.auth.TokenVerifier;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.EnvelopeRouter;
import dev.rmbee.relay.ForeignEnvelopes;
import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.SocketSessions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * The relay proper: the {@link TokenVerifier} of the upgrade filter, and the {@link SocketSessions}
 * the WebSocket endpoint hands its sockets to, routing their envelopes with an {@link EnvelopeRouter}
 * (rate limit, local sessions and queues, federation for foreign twins).
 */
@ApplicationScoped
public class RelayProducer {

    private static final Logger LOG = Logger.getLogger(RelayProducer.class.getName());

    @Inject
    RelaySettings settings;

    @Inject
    TwinRegistry registry;

    @Inject
    SessionRegistry sessions;

    @Inject
    SessionQueues queues;

    @Inject
    SessionDelivery delivery;

    @Inject
    ForeignEnvelopes federation;

    @Inject
    SharedRedis redis;

    @Inject
    RelayCounters counters;

    @Inject
    SocketSettings socketSettings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    private TokenVerifier tokenVerifier;
    private SocketSessions sockets;

    @PostConstruct
    void start() {
        RateLimiter limiter = settings.rateLimiter(clock);
        EnvelopeRouter router = new EnvelopeRouter(
                sessions, queues, delivery, registry, settings.domains(), limiter, federation, clock, counters);
        tokenVerifier = new TokenVerifier(registry, clock);
        sockets = new SocketSessions(
                sessions,
                delivery,
                router,
                settings.socketRules().withIdleTimeout(socketSettings.idleTimeout()),
                System::nanoTime,
                clock,
                counters);
        sockets.start(scheduler);
        LOG.info(() -> "relay for domains " + settings.domains() + " with "
                + (redis.isPresent() ? "Redis queues at " + redis.where() : "embedded in-memory queues (single node)")
                + (limiter.isEnabled()
                        ? ", rate limit " + settings.limitCount() + " messages / " + settings.limitBytes()
                                + " bytes per " + settings.limitWindowSeconds() + " s"
                        : ""));
    }

    @Produces
    TokenVerifier tokenVerifier() {
        return tokenVerifier;
    }

    @Produces
    SocketSessions sockets() {
        return sockets;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and run start()) at deployment time
        LOG.fine("relay core ready");
    }

    @PreDestroy
    void stop() {
        sockets.stop();
    }
}
