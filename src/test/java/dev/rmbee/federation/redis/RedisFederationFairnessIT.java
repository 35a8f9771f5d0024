package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rmbee.federation.FairnessGateways;
import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RecordingRelay;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/**
 * Fairness with the Redis queue: a healthy relay gets all its envelopes while a relay that accepts
 * connections and never answers, with a backlog queued first, holds only its share of open POSTs;
 * the healthy relay's entries are acknowledged (and deleted), the black hole's stay pending.
 */
class RedisFederationFairnessIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SessionKey SENDER = SessionKey.parse("1:app");
    private static final int SHARE = 4;

    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(4, runnable -> {
        Thread thread = new Thread(runnable, "redis-federation-fairness-test");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService posts = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "redis-federation-fairness-test-post");
        thread.setDaemon(true);
        return thread;
    });
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private RedissonClient redisson;
    private RedisFederationQueue queue;
    private FederationGateway gateway;
    private RecordingRelay dead;
    private RecordingRelay healthy;

    @AfterEach
    void stop() throws Exception {
        if (dead != null) {
            dead.close();
        }
        if (healthy != null) {
            healthy.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (queue != null) {
            queue.close();
        }
        Await.until(
                "no read waiting in Redis",
                () -> REDIS.command("INFO", "clients").contains("blocked_clients:0"));
        if (redisson != null) {
            redisson.shutdown(0, 5, TimeUnit.SECONDS);
        }
        executor.shutdownNow();
        posts.shutdownNow();
    }

    @Test
    void aHealthyRelayGetsEverythingWhileABlackHoledRelayHoldsOnlyItsShare() throws Exception {
        REDIS.command("FLUSHALL");
        redisson = TestRedisson.connect(REDIS.address(), 16);
        dead = RecordingRelay.start(envelope -> RecordingRelay.HOLD);
        healthy = RecordingRelay.start(envelope -> 202);
        twins.put(new Twin(2, new byte[32], Set.of(dead.domain()), null));
        twins.put(new Twin(3, new byte[32], Set.of(healthy.domain()), null));
        queue = new RedisFederationQueue(redisson, executor, "relay-fair");
        for (int i = 0; i < 100; i++) {
            add(2);
        }
        for (int i = 0; i < 20; i++) {
            add(3);
        }
        FederationCounters counters = new FederationCounters();
        gateway = FairnessGateways.gateway(
                queue, twins, new RelayRanker(clock), posts, clock, executor, counters, 16, SHARE);
        gateway.start();

        Await.until("the healthy relay got all 20", () -> healthy.received().size() == 20);
        Await.until("its entries acknowledged and deleted", () -> streamLength() == 100);
        Await.until("the black hole holds its share", () -> dead.received().size() == SHARE);
        assertFalse(gateway.successes().containsKey(dead.domain()), "no POST to the black hole answered");
        assertFalse(gateway.errors().containsKey(dead.domain()), "nor did one fail");
        assertEquals(20L, gateway.successes().get(healthy.domain()));

        add(3); // a marker behind all that
        Await.until("the marker delivered", () -> healthy.received().size() == 21);
        Await.until("and deleted", () -> streamLength() == 100);
        assertEquals(SHARE, dead.received().size(), "never more than its share at the black hole");
    }

    private void add(int twin) throws Exception {
        queue.add(FairnessGateways.request(SENDER, twin)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static long streamLength() {
        try {
            return Long.parseLong(REDIS.command("XLEN", RedisFederationQueue.STREAM));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
