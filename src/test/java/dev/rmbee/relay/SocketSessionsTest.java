package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.metrics.Eviction;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.testing.LogCapture;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The life of twins' sockets in the relay, over sockets in memory and a manual clock. */
class SocketSessionsTest {

    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    private static final int MAX_MESSAGE_BYTES = 1024;

    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final LongSupplier nanoTime =
            () -> Duration.between(START, clock.instant()).toNanos();
    private final SessionRegistry sessions = new SessionRegistry(2);
    private final RelayCounters counters = new RelayCounters();
    private final EmbeddedSessionQueues queues = new EmbeddedSessionQueues(clock);
    private final SessionDelivery delivery = new SessionDelivery(queues, Runnable::run, scheduler, clock, 8);
    private final LocalTwinRegistry twins = new LocalTwinRegistry();
    private final SessionKey alice = SessionKey.of(1);
    private final SessionKey bob = SessionKey.of(2);

    SocketSessionsTest() {
        twins.put(new Twin(1, new byte[32], Set.of("relay.one"), null));
        twins.put(new Twin(2, new byte[32], Set.of("relay.one"), null));
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private SocketSessions sockets(boolean confirmByPong, TwinRegistry registry) {
        return sockets(
                sessions, registry, new SocketSessions.Rules(MAX_MESSAGE_BYTES, confirmByPong, Duration.ofSeconds(30)));
    }

    private SocketSessions sockets(SessionRegistry sessions, TwinRegistry registry, SocketSessions.Rules rules) {
        EnvelopeRouter router = new EnvelopeRouter(
                sessions,
                queues,
                delivery,
                registry,
                Set.of("relay.one"),
                RateLimiter.unlimited(),
                ForeignEnvelopes.REFUSE,
                clock);
        return new SocketSessions(sessions, delivery, router, rules, nanoTime, clock, counters);
    }

    private SocketSessions sockets() {
        return sockets(true, twins);
    }

    private static byte[] request(SessionKey from, SessionKey to) {
        return TestEnvelopes.request(from, to, "test.echo")
                .timestamp(START.getEpochSecond())
                .expiration(60)
                .payload("{}")
                .build()
                .toByteArray();
    }

    private static ByteBuffer whole(byte[] message) {
        return ByteBuffer.wrap(message);
    }

    @Test
    void anOpenedSocketIsRegisteredAndGetsItsSessionsQueue() {
        queues.append(bob, request(alice, bob));
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets().open(socket, bob).orElseThrow();
        assertSame(connection, sessions.find(bob).orElseThrow());
        assertEquals(1, socket.writeCount(), "the waiting envelope is delivered");
    }

    @Test
    void aConnectionKnowsWhenAndFromWhereItWasOpened() {
        FakeFrameSocket socket = new FakeFrameSocket();
        socket.remoteAddress = "192.0.2.7";
        clock.advance(Duration.ofSeconds(5));

        SocketConnection connection = sockets().open(socket, bob).orElseThrow();

        assertEquals(Optional.of(START.plusSeconds(5)), connection.connectedSince());
        assertEquals(Optional.of("192.0.2.7"), connection.remoteAddress());
        assertEquals(
                Optional.empty(),
                sockets().open(new FakeFrameSocket(), alice).orElseThrow().remoteAddress());
    }

    @Test
    void aNewerConnectionReplacesTheOlderWhichAloneIsClosedAndLeaves() {
        SocketSessions sockets = sockets();
        FakeFrameSocket older = new FakeFrameSocket();
        FakeFrameSocket newer = new FakeFrameSocket();
        SocketConnection first = sockets.open(older, bob).orElseThrow();
        SocketConnection second = sockets.open(newer, bob).orElseThrow();
        assertEquals(CloseCodes.NORMAL_CLOSURE, older.closeCode);
        assertEquals("replaced by a newer connection", older.closeReason);
        assertEquals(0, newer.closeCode);

        sockets.closed(first, "closed by the relay");
        assertSame(second, sessions.find(bob).orElseThrow(), "the older one's leaving keeps the newer one");
        sockets.closed(second, "closed by the twin");
        assertFalse(sessions.isConnected(bob));
    }

    @Test
    void eachConnectionLeavingIsCountedWithWhy() {
        SocketSessions sockets = sockets();
        SocketConnection replaced = sockets.open(new FakeFrameSocket(), bob).orElseThrow();
        SocketConnection byTheTwin = sockets.open(new FakeFrameSocket(), bob).orElseThrow();
        SocketConnection tooBig = sockets.open(new FakeFrameSocket(), alice).orElseThrow();
        sockets.received(tooBig, whole(new byte[MAX_MESSAGE_BYTES + 1]), true);

        for (SocketConnection connection : List.of(replaced, byTheTwin, tooBig)) {
            sockets.closed(connection, "socket closed");
        }
        SocketConnection text = sockets.open(new FakeFrameSocket(), alice).orElseThrow();
        sockets.refuseText(new FakeFrameSocket(), text);
        sockets.closed(text, "socket closed");

        assertEquals(1, counters.evictions(Eviction.REPLACED));
        assertEquals(1, counters.evictions(Eviction.CLOSED));
        assertEquals(1, counters.evictions(Eviction.TOO_BIG));
        assertEquals(1, counters.evictions(Eviction.TEXT_FRAME));
        assertEquals(0, counters.evictions(Eviction.ERROR));
    }

    @Test
    void atCapacityANewSessionIsRefusedWith1013() {
        SocketSessions sockets = sockets();
        sockets.open(new FakeFrameSocket(), alice).orElseThrow();
        sockets.open(new FakeFrameSocket(), bob).orElseThrow();
        FakeFrameSocket third = new FakeFrameSocket();
        assertEquals(Optional.empty(), sockets.open(third, SessionKey.of(3)));
        assertEquals(CloseCodes.TRY_AGAIN_LATER, third.closeCode);
        assertEquals("max number of users", third.closeReason);
        assertEquals(2, sessions.size());
    }

    @Test
    void aTwinAtItsSessionCapIsRefusedWith1013WhileAnotherTwinConnects() {
        SessionRegistry capped = new SessionRegistry(100, 2);
        SocketSessions sockets =
                sockets(capped, twins, new SocketSessions.Rules(MAX_MESSAGE_BYTES, true, Duration.ofSeconds(30)));
        sockets.open(new FakeFrameSocket(), new SessionKey(1, "one")).orElseThrow();
        sockets.open(new FakeFrameSocket(), new SessionKey(1, "two")).orElseThrow();

        FakeFrameSocket third = new FakeFrameSocket();
        assertEquals(Optional.empty(), sockets.open(third, new SessionKey(1, "three")));
        assertEquals(CloseCodes.TRY_AGAIN_LATER, third.closeCode);
        assertEquals("max sessions per twin", third.closeReason);

        FakeFrameSocket other = new FakeFrameSocket();
        sockets.open(other, new SessionKey(2, "one")).orElseThrow();
        assertEquals(0, other.closeCode);
        assertEquals(3, capped.size());
    }

    @Test
    void pongsToATwinThatNeverReadsStayUnderTheBoundAndComeBackOnceItReads() throws Exception {
        long bound = 1 << 20;
        SocketSessions sockets =
                sockets(sessions, twins, new SocketSessions.Rules(4 << 20, true, Duration.ofSeconds(30), bound));
        FakeFrameSocket socket = new FakeFrameSocket(); // its writes complete only when the test says so
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        byte[] bigPing = TestEnvelopes.ping(alice)
                .payload("x".repeat(200 * 1024))
                .build()
                .toByteArray();

        long mostHeld = 0;
        for (int i = 0; i < 200; i++) { // 40 MiB of pongs, had they all been kept
            sockets.received(connection, whole(bigPing), true);
            mostHeld = Math.max(mostHeld, connection.unwrittenBytes());
        }
        assertTrue(mostHeld <= bound, "held at most " + mostHeld + " bytes of pongs, bound " + bound);
        assertTrue(mostHeld > bound / 2, "pongs were queued up to near the bound: " + mostHeld);
        assertEquals(1, socket.writeCount(), "one write in flight, the rest wait or were dropped");
        assertEquals(0, socket.closeCode, "the connection stays");

        // the twin reads again: what waited goes out, and a later ping is answered
        for (int i = 0; i < socket.writeCount(); i++) {
            socket.completeWrite(i);
        }
        assertEquals(0, connection.unwrittenBytes());
        int before = socket.writeCount();
        sockets.received(
                connection, whole(TestEnvelopes.ping(alice).uid("later").build().toByteArray()), true);
        assertEquals(before + 1, socket.writeCount());
        assertEquals("later", Envelope.parseFrom(socket.write(before).bytes()).getUid());
    }

    @Test
    void deliveriesAreNeverRefusedForPongsRoomButFillIt() throws Exception {
        SocketSessions sockets =
                sockets(sessions, twins, new SocketSessions.Rules(4 << 20, true, Duration.ofSeconds(30), 2048));
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, bob).orElseThrow();
        for (int i = 0; i < 4; i++) {
            queues.append(bob, request(alice, bob)); // each about 100 bytes: together under the bound
        }
        byte[] bigRequest = TestEnvelopes.request(alice, bob, "test.echo")
                .payload("y".repeat(4096))
                .build()
                .toByteArray();
        queues.append(bob, bigRequest); // over the bound on its own: still delivered
        long delivered = connection.unwrittenBytes();
        assertTrue(delivered > 2048, "the deliveries count: " + delivered);

        sockets.received(connection, whole(TestEnvelopes.ping(bob).build().toByteArray()), true);
        assertEquals(delivered, connection.unwrittenBytes(), "the pong did not fit: dropped");
        for (int i = 0; i < socket.writeCount(); i++) {
            socket.completeWrite(i);
        }
        assertEquals(5, socket.writeCount(), "every delivery was written");
        assertEquals(0, connection.unwrittenBytes());
    }

    @Test
    void aClosedSocketsUnconfirmedEnvelopesStayQueuedForTheNextConnection() {
        SocketSessions sockets = sockets();
        queues.append(bob, request(alice, bob));
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, bob).orElseThrow();
        socket.completeWrite(0); // written, never confirmed by a pong
        sockets.closed(connection, "gone");

        FakeFrameSocket next = new FakeFrameSocket();
        sockets.open(next, bob).orElseThrow();
        assertEquals(1, next.writeCount(), "delivered again");
        assertTrue(Arrays.equals(socket.write(0).bytes(), next.write(0).bytes()));
    }

    @Test
    void aWholeMessageIsRoutedAndAPingAnsweredOnTheSameSocket() throws Exception {
        SocketSessions sockets = sockets();
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        byte[] ping = TestEnvelopes.ping(alice).build().toByteArray();
        sockets.received(connection, whole(Arrays.copyOfRange(ping, 0, 3)), false);
        assertEquals(0, socket.writeCount(), "nothing happens before the last fragment");
        sockets.received(connection, whole(Arrays.copyOfRange(ping, 3, ping.length)), true);
        assertEquals(1, socket.writeCount());
        assertTrue(Envelope.parseFrom(socket.write(0).bytes()).hasPong());
    }

    @Test
    void aRequestToAnotherSessionIsQueuedAndDeliveredToIt() {
        SocketSessions sockets = sockets();
        FakeFrameSocket aliceSocket = new FakeFrameSocket();
        FakeFrameSocket bobSocket = new FakeFrameSocket();
        SocketConnection from = sockets.open(aliceSocket, alice).orElseThrow();
        sockets.open(bobSocket, bob).orElseThrow();
        byte[] request = request(alice, bob);
        sockets.received(from, whole(request), true);
        assertEquals(1, bobSocket.writeCount());
        assertTrue(Arrays.equals(request, bobSocket.write(0).bytes()), "byte for byte");
    }

    @Test
    void aMessageOverTheCapCloses1009() {
        SocketSessions sockets = sockets();
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        sockets.received(connection, whole(new byte[MAX_MESSAGE_BYTES]), false);
        sockets.received(connection, whole(new byte[1]), true);
        assertEquals(CloseCodes.TOO_BIG, socket.closeCode);
        assertEquals("message too big", socket.closeReason);
    }

    @Test
    void aMessageThatIsNoEnvelopeCloses1007() {
        SocketSessions sockets = sockets();
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        sockets.received(connection, whole(new byte[] {(byte) 0xff, (byte) 0xff}), true);
        assertEquals(CloseCodes.NOT_CONSISTENT, socket.closeCode);
        assertEquals("invalid envelope", socket.closeReason);
    }

    @Test
    void sessionsClosedForWhatTheirTwinSentAreLoggedOnceAMinuteWithACount() {
        SocketSessions sockets = sockets();
        try (LogCapture log = LogCapture.of(SocketSessions.class, Level.INFO)) {
            for (int i = 0; i < 20; i++) {
                SocketConnection connection =
                        sockets.open(new FakeFrameSocket(), alice).orElseThrow();
                sockets.received(connection, whole(new byte[] {(byte) 0xff, (byte) 0xff}), true);
                sockets.refuseText(new FakeFrameSocket(), null);
            }
            assertEquals(2, log.texts().size(), String.join("\n", log.texts()));

            clock.advance(Duration.ofSeconds(61));
            SocketConnection connection =
                    sockets.open(new FakeFrameSocket(), alice).orElseThrow();
            sockets.received(connection, whole(new byte[] {(byte) 0xff, (byte) 0xff}), true);
            String summary = log.texts().get(2);
            assertTrue(summary.startsWith("closing a session: failed to load input message"), summary);
            assertTrue(summary.contains("(20 times since"), summary);
        }
    }

    @Test
    void aFailureToProcessAMessageCloses1011() {
        TwinRegistry broken = twinId -> {
            throw new IllegalStateException("registry bug");
        };
        SocketSessions sockets = sockets(true, broken);
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        sockets.received(connection, whole(request(alice, bob)), true);
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, socket.closeCode);
        assertEquals("internal error", socket.closeReason);
    }

    @Test
    void aTextFrameCloses1003WithOrWithoutAConnection() {
        SocketSessions sockets = sockets();
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        sockets.refuseText(socket, connection);
        assertEquals(CloseCodes.CANNOT_ACCEPT, socket.closeCode);
        assertEquals("binary envelopes only", socket.closeReason);

        FakeFrameSocket refused = new FakeFrameSocket();
        sockets.refuseText(refused, null);
        assertEquals(CloseCodes.CANNOT_ACCEPT, refused.closeCode);
    }

    @Test
    void aTwinThatStopsAnsweringPingsIsClosedOnceItsPongIsOverdue() {
        SocketSessions sockets = sockets();
        sockets.start(scheduler);
        queues.append(bob, request(alice, bob));
        queues.append(alice, request(bob, alice));
        FakeFrameSocket silent = new FakeFrameSocket();
        FakeFrameSocket answering = new FakeFrameSocket();
        SocketConnection bobs = sockets.open(silent, bob).orElseThrow();
        SocketConnection alices = sockets.open(answering, alice).orElseThrow();
        silent.completeWrite(0);
        answering.completeWrite(0);
        assertEquals(1, silent.pings.size(), "a confirmation ping went out at once");
        sockets.pong(alices, FakeFrameSocket.pong(1));

        scheduler.advance(Duration.ofSeconds(30));
        assertEquals(0, silent.closeCode, "30 s without a pong is not yet over the timeout");
        scheduler.advance(LivenessSweep.INTERVAL);
        assertEquals(CloseCodes.GOING_AWAY, silent.closeCode);
        assertEquals("no pong", silent.closeReason);
        assertEquals(0, answering.closeCode, "a twin that answered stays");
        assertEquals(1, queues.size(bob), "the unconfirmed envelope stays queued");

        sockets.closed(bobs, "no pong");
        assertEquals(1, counters.evictions(Eviction.PONG_TIMEOUT));
        sockets.stop();
        assertEquals(0, scheduler.pending(), "the watch is stopped");
    }

    @Test
    void withWriteConfirmationNoPongIsAwaited() {
        SocketSessions sockets = sockets(false, twins);
        sockets.start(scheduler);
        assertEquals(0, scheduler.pending(), "no pong watch");
        queues.append(bob, request(alice, bob));
        FakeFrameSocket socket = new FakeFrameSocket();
        sockets.open(socket, bob).orElseThrow();
        socket.completeWrite(0);
        assertTrue(socket.pings.isEmpty());
        assertEquals(0, queues.size(bob), "removed once written");
    }

    @Test
    void aTwinThatNeverAnswersTheRelaysPingIsClosedAtTheIdleTimeout() {
        Duration idle = Duration.ofSeconds(60);
        SocketSessions sockets = sockets(
                sessions,
                twins,
                new SocketSessions.Rules(MAX_MESSAGE_BYTES, true, Duration.ofSeconds(30)).withIdleTimeout(idle));
        sockets.start(scheduler);
        FakeFrameSocket mute = new FakeFrameSocket();
        FakeFrameSocket answering = new FakeFrameSocket();
        SocketConnection mutes = sockets.open(mute, bob).orElseThrow();
        SocketConnection alices = sockets.open(answering, alice).orElseThrow();

        scheduler.advance(Duration.ofSeconds(25));
        assertEquals(0, mute.probes + answering.probes, "heard from (opened) 25 s ago");
        scheduler.advance(Duration.ofSeconds(5));
        assertEquals(1, mute.probes, "silent for half the timeout: pinged");
        assertEquals(1, answering.probes);
        sockets.pong(alices, ByteBuffer.allocate(0));

        scheduler.advance(Duration.ofSeconds(25));
        assertEquals(0, mute.closeCode, "55 s of silence is not yet the timeout");
        scheduler.advance(LivenessSweep.INTERVAL);
        assertEquals(CloseCodes.GOING_AWAY, mute.closeCode);
        assertEquals("idle timeout", mute.closeReason);
        assertEquals(1, mute.probes, "pinged once");
        assertEquals(0, answering.closeCode, "a twin that answered stays");

        sockets.closed(mutes, "idle timeout");
        assertEquals(1, counters.evictions(Eviction.PONG_TIMEOUT));
        scheduler.advance(Duration.ofSeconds(25));
        assertEquals(2, answering.probes, "pinged again once silent for half the timeout again (at 60 s)");
        assertEquals(0, answering.closeCode);
    }

    @Test
    void aTwinSendingMessagesIsNeitherPingedNorClosed() {
        Duration idle = Duration.ofSeconds(60);
        SocketSessions sockets = sockets(
                sessions,
                twins,
                new SocketSessions.Rules(MAX_MESSAGE_BYTES, false, Duration.ofSeconds(30)).withIdleTimeout(idle));
        sockets.start(scheduler);
        FakeFrameSocket socket = new FakeFrameSocket();
        SocketConnection connection = sockets.open(socket, alice).orElseThrow();
        for (int i = 0; i < 10; i++) {
            scheduler.advance(Duration.ofSeconds(20));
            sockets.received(connection, ByteBuffer.wrap(new byte[] {1}), false); // a fragment
        }
        assertEquals(0, socket.probes);
        assertEquals(0, socket.closeCode);
    }

    @Test
    void withoutAnIdleTimeoutOrPongConfirmationNothingIsSwept() {
        SocketSessions sockets = sockets(false, twins);
        sockets.start(scheduler);
        assertEquals(0, scheduler.pending());
    }
}
