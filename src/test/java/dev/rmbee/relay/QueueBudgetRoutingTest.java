package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.federation.EmbeddedFederationQueue;
import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.metrics.ErrorReason;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a sender sees when its envelope does not fit in the relay's memory budget: the session
 * queues and the federation queue share one {@link QueueBudget}, and a refused request comes back
 * as an error envelope counted as {@code queue_full}.
 */
class QueueBudgetRoutingTest {

    private static final long NOW = 1_700_000_002L;
    private static final SessionKey ALICE = SessionKey.of(1);
    private static final SessionKey BOB = SessionKey.of(2);
    private static final SessionKey CAROL = SessionKey.of(5);
    private static final SessionKey FAR = SessionKey.of(3);

    private final Clock clock = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RelayCounters counters = new RelayCounters();
    /** 40 kB in all; 16 kB per twin, so one sender may hold 8 kB for one destination. */
    private final QueueBudget budget = new QueueBudget(new QueueBudget.Limits(40_000, 16_000, 16_000));

    private final SessionRegistry sessions = new SessionRegistry(100);
    private final EmbeddedSessionQueues queues =
            new EmbeddedSessionQueues(SessionQueues.DEFAULT_MAX_LENGTH, Duration.ofHours(1), clock, counters, budget);
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 8, counters);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final EmbeddedFederationQueue federationQueue =
            new EmbeddedFederationQueue(Runnable::run, scheduler, 1000, budget);
    private final FederationGateway gateway = FederationGateway.builder()
            .queue(federationQueue)
            .registry(twins)
            .ranker(new RelayRanker(Duration.ofHours(1), clock))
            .client((domain, body) -> CompletableFuture.completedFuture(202))
            .replies(queues)
            .clock(clock)
            .threads(Runnable::run, scheduler)
            .workers(1)
            .build();
    private final EnvelopeRouter router = new EnvelopeRouter(
            sessions, queues, delivery, twins, Set.of("relay.one"), RateLimiter.unlimited(), gateway, clock, counters);

    QueueBudgetRoutingTest() {
        for (SessionKey local : new SessionKey[] {ALICE, BOB, CAROL}) {
            twins.put(new Twin(local.twin(), new byte[32], Set.of("relay.one"), null));
        }
        twins.put(new Twin(FAR.twin(), new byte[32], Set.of("relay.far"), null));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private RecordingConnection connect(SessionKey session) {
        RecordingConnection connection = new RecordingConnection(session);
        sessions.register(connection);
        delivery.attach(connection);
        return connection;
    }

    private static byte[] request(SessionKey from, SessionKey to, int payloadBytes) {
        return TestEnvelopes.request(from, to, "test.big")
                .timestamp(NOW)
                .expiration(60)
                .payload(new byte[payloadBytes])
                .build()
                .toByteArray();
    }

    @Test
    void aRequestOverItsShareOfAnOfflineTwinsSpaceGetsAQueueFullError() throws Exception {
        RecordingConnection alice = connect(ALICE);
        router.process(alice, request(ALICE, BOB, 5_000));

        router.process(alice, request(ALICE, BOB, 5_000));

        Envelope error = alice.last();
        assertEquals(
                "queue full for twin 2: too much waiting from twin 1",
                error.getError().getMessage());
        assertEquals(1, counters.errorEnvelopes(ErrorReason.QUEUE_FULL));
        assertEquals(1, queues.size(BOB), "the first one waits, the second was refused");
    }

    @Test
    void anotherSenderStillReachesTheTwinAFloodFilledHalfOf() throws Exception {
        RecordingConnection alice = connect(ALICE);
        RecordingConnection carol = connect(CAROL);
        for (int i = 0; i < 50; i++) {
            router.process(alice, request(ALICE, BOB, 1_000));
        }

        router.process(carol, request(CAROL, BOB, 1_000));

        assertEquals(0, carol.count(), "no error for carol");
        assertEquals(8, queues.size(BOB), "7 of alice's, then carol's");
        assertEquals(43, counters.errorEnvelopes(ErrorReason.QUEUE_FULL));
    }

    @Test
    void aFederatedRequestOverTheBudgetGetsAQueueFullErrorToo() throws Exception {
        RecordingConnection alice = connect(ALICE);
        router.process(alice, request(ALICE, FAR, 7_000));

        router.process(alice, request(ALICE, FAR, 7_000));

        assertEquals(
                "queue full for twin 3: too much waiting from twin 1",
                alice.last().getError().getMessage());
        assertEquals(1, federationQueue.size());
        assertEquals(1, counters.errorEnvelopes(ErrorReason.QUEUE_FULL));
    }
}
