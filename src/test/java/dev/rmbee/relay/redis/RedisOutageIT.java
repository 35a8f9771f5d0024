package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.relay.Connection;
import dev.rmbee.relay.EnvelopeRouter;
import dev.rmbee.relay.ForeignEnvelopes;
import dev.rmbee.relay.QueueUnavailableException;
import dev.rmbee.relay.RateLimiter;
import dev.rmbee.relay.SessionDelivery;
import dev.rmbee.relay.SessionRegistry;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.LogCapture;
import dev.rmbee.testing.RedisControl;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.Vectors;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;
import redis.embedded.RedisServer;

/**
 * The relay core in Redis mode (as the server builds it, without Liberty) through a Redis outage:
 * its own redis-server with the append-only file on, stopped and started again on the same port
 * while twins stay connected. A request that cannot be queued gets its error envelope on the
 * sender's connection, the log says once that Redis went away and once that it is back, appends
 * that would wait beyond the bound are refused at once, and afterwards the connected sessions get
 * new messages and what was queued before the outage, without reconnecting.
 */
class RedisOutageIT {

    /** Redis back: Redisson reconnects on its own schedule (up to 10 s between attempts). */
    private static final Duration RECONNECT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private int port;
    private RedisServer server;
    private RedissonClient redisson;
    private ScheduledThreadPoolExecutor executor;
    private RedisSessionQueues queues;
    private RespCommands hot;
    private SessionRegistry sessions;
    private SessionDelivery delivery;
    private EnvelopeRouter router;

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        startRedis();
        redisson = TestRedisson.connect("redis://127.0.0.1:" + port, 4);
        executor = new ScheduledThreadPoolExecutor(2);
        startCore(new RedisQueueLimits(Duration.ofSeconds(3), 1 << 20));
    }

    private void startCore(RedisQueueLimits limits) throws Exception {
        Clock clock = Clock.systemUTC();
        if (hot != null) {
            hot.close();
        }
        hot = hotClient("redis://127.0.0.1:" + port, limits.timeout());
        queues =
                new RedisSessionQueues(redisson, executor, 1000, Duration.ofHours(1), new RelayCounters(), limits, hot);
        sessions = new SessionRegistry();
        delivery = new SessionDelivery(queues, executor, executor, clock, 16);
        queues.onResync(delivery::wakeAll);
        queues.listening().toCompletableFuture().get(10, TimeUnit.SECONDS);
        router = new EnvelopeRouter(
                sessions,
                queues,
                delivery,
                new LocalTwinRegistry(TwinFiles.read(Vectors.dir().resolve("twins.json"))),
                Set.of("localhost"),
                RateLimiter.unlimited(),
                ForeignEnvelopes.REFUSE,
                clock);
    }

    /** The RESP client of the appends ({@code rmb.redis.hot-client=resp}); null: Redisson, as by default. */
    RespCommands hotClient(String url, Duration commandTimeout) {
        return null;
    }

    @AfterEach
    void stop() throws IOException {
        queues.close();
        if (hot != null) {
            hot.close();
        }
        redisson.shutdown(0, 5, TimeUnit.SECONDS);
        executor.shutdownNow();
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRequestThatCannotBeQueuedGetsItsErrorEnvelopeOnTheSendersConnection() throws Exception {
        Twin alice = connect(1);
        Twin bob = connect(2);
        exchange(alice, bob, "before the outage");

        stopRedis();
        Envelope request = TestTwins.request(alice.session, bob.session, "while Redis is away");
        router.process(alice, request.toByteArray());

        Envelope error = alice.receive("the error envelope for the request Redis could not take");
        assertEquals(request.getUid(), error.getUid());
        assertEquals(alice.session.twin(), error.getDestination().getTwin());
        String text = error.getError().getMessage();
        assertTrue(text.startsWith("failed to route message to peer '" + bob.session + "': redis error: "), text);
    }

    @Test
    void whatWasQueuedBeforeTheOutageIsDeliveredAfterItAndConnectedSessionsGetNewMessages() throws Exception {
        Twin alice = connect(1);
        Twin bob = connect(2);
        SessionKey dave = new SessionKey(4, "offline-" + Uids.next());
        Envelope early = TestTwins.request(alice.session, dave, "queued before the outage");
        router.process(alice, early.toByteArray());
        Await.until(
                "the request queued for the offline dave",
                () -> command("XLEN", "stream:" + dave).equals("1"));

        stopRedis();
        startRedis();

        assertEquals("1", command("XLEN", "stream:" + dave), "the append-only file kept it");
        Envelope later = Await.value(
                "a request from alice reaching the still connected bob after the outage",
                () -> attempt(alice, bob, "after the outage"),
                RECONNECT);
        assertEquals("after the outage", later.getPlain().toStringUtf8());
        Twin daveHere = connect(dave);
        assertEquals(early, daveHere.receive("the request queued before the outage"));
    }

    @Test
    void aSessionConnectedThroughTheOutageIsWokenByAnotherInstancesAppendAfterIt() throws Exception {
        Twin bob = connect(2);
        RedissonClient otherClient = TestRedisson.connect("redis://127.0.0.1:" + port, 2);
        RedisSessionQueues otherInstance = new RedisSessionQueues(otherClient, executor, 10_000, Duration.ofHours(1));
        try {
            stopRedis();
            startRedis();
            Envelope request = TestTwins.request(new SessionKey(1, "elsewhere"), bob.session, "from elsewhere");
            Await.until(
                    "the other instance storing a request for bob once Redis is back",
                    () -> {
                        otherInstance
                                .append(bob.session, request.toByteArray())
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS);
                        return true;
                    },
                    RECONNECT);

            assertEquals(
                    request,
                    Envelope.parseFrom(Await.value(
                            "bob woken by the re-subscribed wake-up channel",
                            () -> Optional.ofNullable(bob.received.poll()),
                            RECONNECT)));
        } finally {
            otherInstance.close();
            otherClient.shutdown(0, 5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOutageIsLoggedOnceWhenItBeginsAndOnceWhenItEnds() throws Exception {
        Twin alice = connect(1);
        Twin bob = connect(2);
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.INFO);
                LogCapture deliveryLog = LogCapture.of(SessionDelivery.class, Level.INFO);
                LogCapture routerLog = LogCapture.of(EnvelopeRouter.class, Level.INFO)) {
            stopRedis();
            for (int i = 0; i < 5; i++) {
                router.process(
                        alice,
                        TestTwins.request(alice.session, bob.session, "lost " + i)
                                .toByteArray());
                alice.receive("error envelope " + i);
            }
            delivery.wakeAll(); // and reads that fail
            startRedis();
            Await.value("a request reaching bob after the outage", () -> attempt(alice, bob, "back"), RECONNECT);
            Await.until(
                    "the line saying that Redis is back",
                    () -> log.texts().stream().anyMatch(line -> line.startsWith("Redis answers again after ")));

            List<String> lines = log.texts();
            assertEquals(2, lines.size(), "one line when it went, one when it came back: " + lines);
            assertTrue(lines.get(0).startsWith("redis error: Redis is unreachable ("), lines.get(0));
            assertEquals(List.of(), deliveryLog.texts(), "the delivery leaves the outage to the queues' line");
            assertEquals(List.of(), routerLog.texts(), "the router leaves the outage to the queues' line");
        }
    }

    @Test
    void appendsBeyondTheBytesWaitingForRedisAreRefusedAtOnce() throws Exception {
        queues.close();
        startCore(new RedisQueueLimits(Duration.ofSeconds(30), 3000));
        SessionKey session = new SessionKey(2, "slow-" + Uids.next());
        command("CLIENT", "PAUSE", "30000", "WRITE");
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(queues.append(session, new byte[1000]).toCompletableFuture());
        }

        ExecutionException refused = Await.value("an append refused beyond 3000 bytes waiting", () -> {
            try {
                queues.append(session, new byte[1000]).toCompletableFuture().get(5, TimeUnit.SECONDS);
                return Optional.empty();
            } catch (ExecutionException e) {
                return Optional.of(e);
            }
        });
        QueueUnavailableException cause = assertInstanceOf(QueueUnavailableException.class, refused.getCause());
        assertTrue(cause.getMessage().startsWith("redis error: Redis is not keeping up: "), cause.getMessage());

        command("CLIENT", "UNPAUSE");
        CompletableFuture.allOf(waiting.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertEquals("3", command("XLEN", "stream:" + session), "the appends that waited were stored");
    }

    // ---- helpers

    /** Alice sends a request to bob: bob's copy, or empty when alice got an error instead (Redis not back yet). */
    private Optional<Envelope> attempt(Twin alice, Twin bob, String command) throws Exception {
        Envelope request = TestTwins.request(alice.session, bob.session, command);
        router.process(alice, request.toByteArray());
        return Await.value("bob's copy or alice's error for " + request.getUid(), () -> {
            byte[] atBob = bob.received.poll();
            if (atBob != null) {
                return Optional.of(Optional.of(Envelope.parseFrom(atBob)));
            }
            return alice.received.poll() == null ? Optional.empty() : Optional.of(Optional.<Envelope>empty());
        });
    }

    private void exchange(Twin from, Twin to, String command) throws Exception {
        Envelope request = TestTwins.request(from.session, to.session, command);
        router.process(from, request.toByteArray());
        assertEquals(request, to.receive(command));
    }

    private Twin connect(int twin) {
        return connect(new SessionKey(twin, "outage-" + Uids.next()));
    }

    private Twin connect(SessionKey session) {
        Twin twin = new Twin(session);
        sessions.register(twin);
        delivery.attach(twin);
        return twin;
    }

    /** A twin connected to the core: what is delivered or written to it lands in {@link #received}. */
    private static final class Twin implements Connection {
        final SessionKey session;
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();

        Twin(SessionKey session) {
            this.session = session;
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
        public void close(int code, String reason) {}

        Envelope receive(String expected) throws Exception {
            return Envelope.parseFrom(
                    Await.value(session + " receiving " + expected, () -> Optional.ofNullable(received.poll())));
        }
    }

    private String command(String... args) throws IOException {
        return RedisControl.command(port, args);
    }

    /** A redis-server on {@link #port} keeping an append-only file in {@link #dir}, synced on every write. */
    private void startRedis() throws IOException {
        server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly yes")
                .setting("appendfsync always")
                .setting("dir " + Files.createDirectories(dir))
                .build();
        server.start();
        Await.until("redis-server answering on " + port, () -> {
            try {
                return command("PING").equals("PONG");
            } catch (ConnectException notYet) {
                return false;
            }
        });
    }

    /** SHUTDOWN (the append-only file is synced on every write), then waits until the port refuses. */
    private void stopRedis() throws IOException {
        server.stop();
        server = null;
        Await.until("redis-server gone from " + port, () -> {
            try {
                command("PING");
                return false;
            } catch (ConnectException gone) {
                return true;
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
