package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.federation.FederationGateway;
import dev.rmbee.federation.HttpRemoteRelayClient;
import dev.rmbee.federation.RelayRanker;
import dev.rmbee.federation.ScriptedRelay;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.relay.EmbeddedSessionQueues;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** The gateway over the Redis queue: what a relay held when it stopped is delivered all the same. */
class RedisFederationGatewayIT {

    /** Grows as needed, as the container's managed executor does: each POST holds a thread while it waits. */
    private static final ExecutorService POSTS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "redis-federation-test-post");
        thread.setDaemon(true);
        return thread;
    });

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final SessionKey SENDER = SessionKey.parse("1:app");
    private static final Duration CLAIM_IDLE = Duration.ofMillis(300);

    private static RedissonClient redisson;
    private static ScheduledThreadPoolExecutor executor;

    private final Clock clock = Clock.systemUTC();
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final EmbeddedSessionQueues replies = new EmbeddedSessionQueues(clock);
    private ScriptedRelay relay;
    private int attemptsBefore;

    @BeforeAll
    static void connect() {
        redisson = TestRedisson.connect(REDIS.address(), 16);
        executor = new ScheduledThreadPoolExecutor(4, runnable -> {
            Thread thread = new Thread(runnable, "federation-redis-gateway-test");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void disconnect() throws Exception {
        // stopped gateways leave no work behind, but a read may still wait in Redis for up to a second
        Await.until(
                "no read waiting in Redis",
                () -> REDIS.command("INFO", "clients").contains("blocked_clients:0"));
        redisson.shutdown(0, 5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    @BeforeEach
    void setUp() throws Exception {
        REDIS.command("FLUSHALL");
        relay = ScriptedRelay.answering(500);
        twins.put(new Twin(2, new byte[32], Set.of(relay.domain()), null));
    }

    @AfterEach
    void tearDown() {
        relay.close();
    }

    /** A relay instance: its queue (consumer names {@code <instance>-<w>}) and its gateway, started. */
    private final class Instance implements AutoCloseable {
        final RedisFederationQueue queue;
        final FederationGateway gateway;

        Instance(String id) {
            queue = new RedisFederationQueue(redisson, executor, id, CLAIM_IDLE, Duration.ofMillis(50));
            gateway = FederationGateway.builder()
                    .queue(queue)
                    .registry(twins)
                    .ranker(new RelayRanker(clock))
                    .client(new HttpRemoteRelayClient("http", POSTS))
                    .replies(replies)
                    .clock(clock)
                    .threads(executor, executor)
                    .workers(2)
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(5))
                    .build();
            gateway.start();
        }

        @Override
        public void close() {
            gateway.close();
            queue.close();
        }
    }

    private static Envelope request() {
        return TestEnvelopes.request(SENDER, SessionKey.of(2), "test.echo")
                .payload("payload")
                .expiration(60)
                .build();
    }

    /** Forwards an envelope through {@code first}, which fails to deliver it and stops; returns the envelope. */
    private Envelope heldByAStoppedInstance(String id) throws Exception {
        Envelope envelope = request();
        try (Instance first = new Instance(id)) {
            first.gateway
                    .forward(envelope, envelope.toByteArray(), twins.find(2).orElseThrow())
                    .toCompletableFuture()
                    .get(Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Await.until("a first attempt", () -> relay.requests() >= 1);
        }
        assertEquals(1, streamLength(), "still queued");
        attemptsBefore = relay.requests();
        relay.answer(202);
        return envelope;
    }

    private void assertDeliveredOnce(Envelope envelope) throws Exception {
        Await.until("delivery, acknowledgement and deletion", () -> streamLength() == 0);
        assertEquals(attemptsBefore + 1, relay.requests(), "one more POST");
        assertArrayEquals(
                envelope.toByteArray(), relay.received().get(attemptsBefore).body());
        assertEquals(0, replies.size(SENDER), "no error for the sender");
    }

    private static long streamLength() {
        try {
            return Long.parseLong(REDIS.command("XLEN", RedisFederationQueue.STREAM));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRelayRestartedWithTheSameInstanceIdRetriesWhatItHeld() throws Exception {
        Envelope envelope = heldByAStoppedInstance("relay-a");

        Instance restarted = new Instance("relay-a");
        try {
            assertDeliveredOnce(envelope);
        } finally {
            restarted.close();
        }
    }

    @Test
    void anotherInstanceDeliversWhatAnInstanceThatNeverCameBackHeld() throws Exception {
        Envelope envelope = heldByAStoppedInstance("relay-gone");

        Instance other = new Instance("relay-other");
        try {
            assertDeliveredOnce(envelope);
        } finally {
            other.close();
        }
    }
}
