package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.Connection;
import dev.rmbee.relay.EnvelopeRouter;
import dev.rmbee.relay.ForeignEnvelopes;
import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.relay.redis.RedisSessionQueues;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Two relay instances sharing one Redis form one relay: instance A is the relay on the managed
 * Liberty (its queues in the Redis the build started), instance B is the same relay core run a
 * second time in this JVM over the same Redis. A twin on A and a twin on B call each other.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TwoInstancesOverRedisIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @ArquillianResource
    URL base;

    private RedissonClient redisson;
    private ScheduledExecutorService executor;
    private RedisSessionQueues queues;
    private SessionRegistry sessions;
    private SessionDelivery delivery;
    private EnvelopeRouter router;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/rmb-ee.war"));
    }

    /** Starts instance B: the relay core over the build's Redis, with the same twins and domain as A. */
    @BeforeEach
    void startSecondInstance() throws Exception {
        Config config = new Config();
        config.useSingleServer()
                .setAddress("redis://127.0.0.1:" + System.getProperty("it.redis.port", "6391"))
                .setConnectionMinimumIdleSize(2);
        redisson = Redisson.create(config);
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

        Envelope receive() throws Exception {
            byte[] frame = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(frame, "instance B delivered nothing within " + WAIT);
            return Envelope.parseFrom(frame);
        }
    }

    private TwinSocket connectToA(SessionKey session) throws Exception {
        return TwinSocket.connect(
                URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/"), TestTwins.token(session));
    }

    @Test
    void twinOnOneInstanceCallsTwinOnTheOther() throws Exception {
        SessionKey alice = new SessionKey(1, "on-a-" + Uids.next());
        SessionKey bob = new SessionKey(2, "on-b-" + Uids.next());
        TwinOnB bobOnB = new TwinOnB(bob);
        try (TwinSocket aliceOnA = connectToA(alice)) {
            Envelope request = TestTwins.request(alice, bob, "{\"across\":\"instances\"}");
            aliceOnA.send(request.toByteArray());
            assertEquals(request, bobOnB.receive(), "A queued it in Redis, B delivered it");

            byte[] answer = "{\"from\":\"instance B\"}".getBytes(StandardCharsets.UTF_8);
            router.process(bobOnB, TestTwins.response(request, answer).toByteArray());
            byte[] frame = aliceOnA.receive(WAIT);
            assertNotNull(frame, "B queued the response in Redis, A delivered it");
            Envelope response = Envelope.parseFrom(frame);
            assertEquals(request.getUid(), response.getUid());
            assertArrayEquals(answer, response.getPlain().toByteArray());
        }
    }

    @Test
    void messagesQueuedByOneInstanceWaitForTheTwinToConnectToTheOther() throws Exception {
        SessionKey alice = new SessionKey(1, "sender-" + Uids.next());
        SessionKey dave = new SessionKey(4, "later-" + Uids.next());
        Envelope request = TestTwins.request(alice, dave, "dave connects to B later");
        try (TwinSocket aliceOnA = connectToA(alice)) {
            aliceOnA.send(request.toByteArray());
            Thread.sleep(300);
        }
        TwinOnB daveOnB = new TwinOnB(dave);
        assertEquals(request, daveOnB.receive());
    }
}
