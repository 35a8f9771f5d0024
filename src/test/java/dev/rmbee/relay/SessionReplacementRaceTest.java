package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connections of one session opening at the same time, on real threads: whichever is registered
 * in the end is the one its queue is delivered to (before, the outbox of a connection that lost the
 * registration could replace the winner's, which then received nothing).
 */
class SessionReplacementRaceTest {

    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    private static final int ROUNDS = 10_000;
    private static final int RACERS = 4;

    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final SessionRegistry sessions = new SessionRegistry();
    private final EmbeddedSessionQueues queues = new EmbeddedSessionQueues(clock);
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 8);
    private final ExecutorService racers = Executors.newFixedThreadPool(RACERS);

    @AfterEach
    void stop() throws InterruptedException {
        racers.shutdownNow();
        assertTrue(racers.awaitTermination(10, TimeUnit.SECONDS));
        scheduler.shutdownNow();
    }

    private SocketSessions sockets() {
        EnvelopeRouter router = new EnvelopeRouter(
                sessions,
                queues,
                delivery,
                new LocalTwinRegistry(),
                java.util.Set.of("relay.one"),
                RateLimiter.unlimited(),
                ForeignEnvelopes.REFUSE,
                clock);
        return new SocketSessions(
                sessions,
                delivery,
                router,
                new SocketSessions.Rules(1024, false, Duration.ofSeconds(30)),
                () -> 0L,
                clock,
                new RelayCounters());
    }

    @Test
    void afterConcurrentOpensOfOneSessionTheRegisteredConnectionGetsItsMessages() throws Exception {
        SocketSessions sockets = sockets();
        SessionKey sender = new SessionKey(1, "sender");
        List<Integer> lostRounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            SessionKey session = new SessionKey(2, "race-" + round);
            Map<SocketConnection, FakeFrameSocket> opened = race(sockets, session);
            // the container reports the replaced connections' closing, as it would
            opened.forEach((connection, socket) -> {
                if (socket.closeCode != 0) {
                    sockets.closed(connection, "replaced");
                }
            });
            byte[] marker = TestEnvelopes.request(sender, session, "test.echo")
                    .uid("round-" + round)
                    .build()
                    .toByteArray();
            queues.append(session, marker);

            SocketConnection winner =
                    sessions.find(session).map(SocketConnection.class::cast).orElseThrow();
            FakeFrameSocket socket = opened.get(winner);
            if (socket.writeCount() != 1
                    || !Arrays.equals(marker, socket.write(0).bytes())) {
                lostRounds.add(round);
            }
        }
        assertEquals(List.of(), lostRounds, "rounds whose registered connection did not get the message");
    }

    /** {@link #RACERS} threads open a connection of {@code session} at once; each connection with its socket. */
    private Map<SocketConnection, FakeFrameSocket> race(SocketSessions sockets, SessionKey session) throws Exception {
        CyclicBarrier start = new CyclicBarrier(RACERS);
        Map<SocketConnection, FakeFrameSocket> opened = new ConcurrentHashMap<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            done.add(racers.submit(() -> {
                FakeFrameSocket socket = new FakeFrameSocket();
                start.await();
                sockets.open(socket, session).ifPresent(connection -> opened.put(connection, socket));
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(10, TimeUnit.SECONDS);
        }
        return opened;
    }
}
