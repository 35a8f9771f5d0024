package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.Connection;
import dev.rmbee.relay.EnvelopeRouter;
import dev.rmbee.relay.ForeignEnvelopes;
import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.redis.RedisSessionQueues;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisControl;
import dev.rmbee.testing.RelayDeployment;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * Two relay instances sharing one Redis form one relay: instance A is the relay on the managed
 * Liberty (its queues in the Redis the build started), instance B is the same relay core run a
 * second time in this JVM over the same Redis. A twin on A and a twin on B call each other.
 */
class TwoInstancesOverRedisIT extends RelayDeployment {

    /** The Redis both instances share (the build's). */
    private static final int REDIS_PORT = Integer.getInteger("it.redis.port", 6391);

    private RedissonClient redisson;
    private ScheduledExecutorService executor;
    private RedisSessionQueues queues;
    private SessionRegistry sessions;
    private SessionDelivery delivery;
    private EnvelopeRouter router;

    /** Starts instance B: the relay core over the build's Redis, with the same twins and domain as A. */
    @BeforeEach
    void startSecondInstance() throws Exception {
        redisson = TestRedisson.connect("redis://127.0.0.1:" + REDIS_PORT, 32);
        executor = Executors.newScheduledThreadPool(2);
        Clock clock = Clock.systemUTC();
        queues = new RedisSessionQueues(redisson, executor);
        sessions = new SessionRegistry();
        delivery = new SessionDelivery(queues, executor, executor, clock, 16);
        // the delivery subscribed to wake-ups: wait until Redis confirmed the subscription
        queues.listening().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LocalTwinRegistry twins =
                new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json")));
        router = new EnvelopeRouter(
                sessions,
                queues,
                delivery,
                twins,
                Set.of("localhost"),
                RateLimiter.unlimited(),
                ForeignEnvelopes.REFUSE,
                clock);
    }

    @AfterEach
    void stopSecondInstance() {
        queues.close();
        redisson.shutdown();
        executor.shutdownNow();
    }

    /** A twin connected to instance B: what B delivers lands in {@link #received}. */
    private final class TwinOnB implements Connection {
        final SessionKey session;
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

        TwinOnB(SessionKey session) {
            this.session = session;
            sessions.register(this);
            delivery.attach(this);
        }

        @Override
        public SessionKey session() {
            return session;
        }

        @Override
        public void send(byte[] envelope, Consumer<Throwable> done) {
            received.add(envelope);
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            sessions.unregister(this);
            delivery.detach(this);
        }

        Envelope receive(String expected) throws Exception {
            return Envelope.parseFrom(Await.value(
                    "instance B delivering " + expected + " to " + session,
                    () -> Optional.ofNullable(received.poll())));
        }
    }

    private TwinSocket connectToA(SessionKey session) throws Exception {
        return TwinSocket.connectAs(relay(), session);
    }

    @Test
    void twinOnOneInstanceCallsTwinOnTheOther() throws Exception {
        SessionKey alice = new SessionKey(1, "on-a-" + Uids.next());
        SessionKey bob = new SessionKey(2, "on-b-" + Uids.next());
        TwinOnB bobOnB = new TwinOnB(bob);
        try (TwinSocket aliceOnA = connectToA(alice)) {
            Envelope request = TestTwins.request(alice, bob, "{\"across\":\"instances\"}");
            aliceOnA.send(request.toByteArray());
            assertEquals(request, bobOnB.receive("alice's request"), "A queued it in Redis, B delivered it");

            byte[] answer = "{\"from\":\"instance B\"}".getBytes(StandardCharsets.UTF_8);
            router.process(bobOnB, TestTwins.response(request, answer).toByteArray());
            Envelope response = aliceOnA.nextEnvelope("bob's response: B queued it in Redis, A delivers it");
            assertEquals(request.getUid(), response.getUid());
            assertArrayEquals(answer, response.getPlain().toByteArray());
        }
    }

    @Test
    void messagesQueuedByOneInstanceWaitForTheTwinToConnectToTheOther() throws Exception {
        SessionKey alice = new SessionKey(1, "sender-" + Uids.next());
        SessionKey dave = new SessionKey(4, "later-" + Uids.next());
        Envelope request = TestTwins.request(alice, dave, "dave connects to B later");
        String daveQueue = RedisSessionQueues.KEY_PREFIX + dave;
        try (TwinSocket aliceOnA = connectToA(alice)) {
            aliceOnA.send(request.toByteArray());
            Await.until(
                    "instance A queued the request in Redis for the offline dave",
                    () -> RedisControl.command(REDIS_PORT, "XLEN", daveQueue).equals("1"));
        }
        TwinOnB daveOnB = new TwinOnB(dave);
        assertEquals(request, daveOnB.receive("the request that waited in Redis"));
    }
}
