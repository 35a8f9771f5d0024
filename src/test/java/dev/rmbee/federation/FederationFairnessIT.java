package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rmbee.metrics.FederationCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RecordingRelay;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fairness over real HTTP: a relay that accepts connections and never answers ({@link
 * RecordingRelay#HOLD}) has a backlog queued first, and a healthy relay still gets all its
 * envelopes while every POST to the black hole is still open, never more than its share of them.
 * {@link FederationFairnessTest} shows the parts on manual time.
 */
class FederationFairnessIT {

    private static final SessionKey SENDER = SessionKey.parse("1:app");
    private static final int DEAD_TWIN = 2;
    private static final int HEALTHY_TWIN = 3;
    private static final int SHARE = 8;

    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(4, runnable -> {
        Thread thread = new Thread(runnable, "federation-fairness-test");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService posts = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "federation-fairness-test-post");
        thread.setDaemon(true);
        return thread;
    });
    private final EmbeddedFederationQueue queue = new EmbeddedFederationQueue(executor, executor);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final FederationCounters counters = new FederationCounters();
    private RecordingRelay dead;
    private RecordingRelay healthy;
    private FederationGateway gateway;

    @AfterEach
    void stop() throws IOException {
        if (dead != null) {
            dead.close(); // ends the held POSTs, so that closing the gateway need not wait for them
        }
        if (healthy != null) {
            healthy.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        queue.close();
        executor.shutdownNow();
        posts.shutdownNow();
    }

    @Test
    void aHealthyRelayGetsEverythingWhileABlackHoledRelayHoldsOnlyItsShare() throws Exception {
        dead = RecordingRelay.start(envelope -> RecordingRelay.HOLD);
        healthy = RecordingRelay.start(envelope -> 202);
        twins.put(new Twin(DEAD_TWIN, new byte[32], Set.of(dead.domain()), null));
        twins.put(new Twin(HEALTHY_TWIN, new byte[32], Set.of(healthy.domain()), null));
        gateway = FairnessGateways.gateway(
                queue, twins, new RelayRanker(Duration.ofHours(1), clock), posts, clock, executor, counters, 32, SHARE);
        for (int i = 0; i < 200; i++) {
            add(DEAD_TWIN);
        }
        for (int i = 0; i < 50; i++) {
            add(HEALTHY_TWIN);
        }
        gateway.start();

        Await.until("the healthy relay got all 50", () -> healthy.received().size() == 50);
        Await.until("the black hole holds its share", () -> dead.received().size() == SHARE);

        assertFalse(gateway.successes().containsKey(dead.domain()), "no POST to the black hole was answered");
        assertFalse(gateway.errors().containsKey(dead.domain()), "nor did one fail");
        Await.until("the healthy relay's entries acknowledged", () -> queue.size() == 200);
        assertEquals(50L, gateway.successes().get(healthy.domain()));
        // a marker behind everything the black hole could have been sent: it comes through the
        // healthy relay, and the black hole still has only its share
        add(HEALTHY_TWIN);
        Await.until("the marker delivered", () -> healthy.received().size() == 51);
        assertEquals(SHARE, dead.received().size(), "never more than its share at the black hole");
        Await.until("the marker acknowledged", () -> queue.size() == 200);
        assertFalse(gateway.successes().containsKey(dead.domain()), "still no POST to the black hole answered");
    }

    private void add(int twin) throws Exception {
        queue.add(FairnessGateways.request(SENDER, twin)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
