package dev.rmbee.web;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.relay.redis.RedisSessionQueues;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The relay's sessions: who is connected here ({@link SessionRegistry}), the per-session queues
 * (in Redis with {@code rmb.redis.url}, else in memory) and their delivery to the connections, on
 * the server's managed executors; in memory, also the {@link QueueBudget} they share with the
 * federation queue.
 */
@ApplicationScoped
public class SessionsProducer {

    private static final Logger LOG = Logger.getLogger(SessionsProducer.class.getName());

    @Inject
    RelaySettings settings;

    @Inject
    SharedRedis redis;

    @Inject
    RelayCounters counters;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final Clock clock = Clock.systemUTC();
    private final ShutdownSteps shutdown = new ShutdownSteps(LOG, "session queues");
    private SessionRegistry sessions;
    private SessionQueues queues;
    private SessionDelivery delivery;
    private QueueBudget budget = QueueBudget.unlimited();
    private ScheduledFuture<?> sweeper;
    private boolean onRedis;

    @PostConstruct
    void start() {
        sessions = new SessionRegistry(settings.maxSessions(), settings.maxSessionsPerTwin());
        queues = redis.use()
                .<SessionQueues>map(client -> {
                    onRedis = true;
                    return new RedisSessionQueues(
                            client,
                            scheduler,
                            settings.queueMaxLength(),
                            settings.queueExpiry(),
                            counters,
                            settings.redisQueueLimits(),
                            redis.hot().orElse(null));
                })
                .orElseGet(this::embeddedQueues);
        delivery = new SessionDelivery(queues, executor, scheduler, clock, settings.deliveryWindow(), counters);
        // after a Redis reconnect wake-ups may have been missed: every connected session looks again
        queues.onResync(delivery::wakeAll);
    }

    private SessionQueues embeddedQueues() {
        budget = new QueueBudget(settings.queueBudget());
        LOG.info(() -> "embedded queues: memory budget " + budget.limits().total() + " bytes, "
                + budget.limits().perDestination() + " per destination twin, "
                + budget.limits().perSender() + " per sender twin");
        EmbeddedSessionQueues embedded =
                new EmbeddedSessionQueues(settings.queueMaxLength(), settings.queueExpiry(), clock, counters, budget);
        sweeper = scheduler.scheduleWithFixedDelay(embedded::sweepExpired, 1, 1, TimeUnit.MINUTES);
        return embedded;
    }

    @Produces
    SessionRegistry sessions() {
        return sessions;
    }

    @Produces
    SessionQueues queues() {
        return queues;
    }

    /** The memory budget the embedded queues share (unlimited with Redis, where nothing is queued in memory). */
    @Produces
    QueueBudget budget() {
        return budget;
    }

    @Produces
    SessionDelivery delivery() {
        return delivery;
    }

    void onStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing the start makes CDI create this bean (and run start()) at deployment time
        LOG.fine(() -> "session queues ready");
    }

    /** Each step runs even if an earlier one failed ({@link ShutdownSteps}). */
    @PreDestroy
    void stop() {
        if (!shutdown.begin()) {
            return;
        }
        if (sweeper != null) {
            shutdown.run("stopping the sweeper", () -> sweeper.cancel(false));
        }
        shutdown.run("closing the session queues", queues::close);
        if (onRedis) {
            shutdown.run("releasing the Redis client", redis::release);
        }
    }
}
