package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The delivery protocol of one connection, over a socket in memory: one write at a time, confirmation by pong. */
class SocketConnectionTest {

    private static final Instant START = Instant.ofEpochSecond(1_700_000_000L);
    private static final long TIMEOUT = Duration.ofSeconds(30).toNanos();

    private final MutableClock clock = new MutableClock(START);
    private final LongSupplier nanoTime =
            () -> Duration.between(START, clock.instant()).toNanos();
    private final FakeFrameSocket socket = new FakeFrameSocket();
    private final List<Throwable> outcomes = new ArrayList<>();

    private SocketConnection connection(boolean confirmByPong) {
        return new SocketConnection(
                socket,
                SessionKey.of(7),
                confirmByPong,
                1024,
                SocketSessions.Rules.DEFAULT_MAX_UNWRITTEN_BYTES,
                nanoTime,
                START);
    }

    @Test
    void aPingStillQueuedBehindEnvelopesIsNotLate() {
        SocketConnection connection = connection(true);
        connection.send(new byte[] {1}, outcomes::add);
        connection.send(new byte[] {2}, outcomes::add);

        // the first write completes while the second waits: the confirmation ping is queued behind it
        socket.completeWrite(0);
        assertEquals(2, socket.writeCount(), "the second envelope is being written");
        assertTrue(socket.pings.isEmpty(), "the ping waits for the write in flight");
        assertFalse(
                connection.isPongOverdue(Long.MAX_VALUE, TIMEOUT),
                "a ping not yet written cannot be late (closed healthy connections as 'no pong' before)");

        clock.advance(Duration.ofSeconds(100));
        long pingWritten = nanoTime.getAsLong();
        socket.completeWrite(1);
        assertEquals(List.of(2L), socket.pings, "the ping, written after both envelopes, covers both");
        assertFalse(connection.isPongOverdue(pingWritten + TIMEOUT, TIMEOUT), "not yet late at its timeout");
        assertTrue(connection.isPongOverdue(pingWritten + TIMEOUT + 1, TIMEOUT), "written and unanswered");
        assertTrue(outcomes.isEmpty(), "nothing is confirmed before its pong");

        connection.pong(FakeFrameSocket.pong(2));
        assertEquals(2, outcomes.size());
        assertNull(outcomes.get(0));
        assertNull(outcomes.get(1));
        assertFalse(connection.isPongOverdue(Long.MAX_VALUE, TIMEOUT), "nothing awaits a pong");

        // a later envelope gets a ping of its own
        connection.send(new byte[] {3}, outcomes::add);
        clock.advance(Duration.ofSeconds(100));
        long secondPingWritten = nanoTime.getAsLong();
        socket.completeWrite(2);
        assertEquals(List.of(2L, 3L), socket.pings);
        assertFalse(connection.isPongOverdue(secondPingWritten + TIMEOUT, TIMEOUT));
        assertTrue(connection.isPongOverdue(secondPingWritten + TIMEOUT + 1, TIMEOUT));
        connection.pong(FakeFrameSocket.pong(3));
        assertEquals(3, outcomes.size());
    }

    @Test
    void oneWriteAtATimeInTheOrderSent() {
        SocketConnection connection = connection(false);
        for (byte i = 1; i <= 3; i++) {
            connection.send(new byte[] {i}, outcomes::add);
        }
        assertEquals(1, socket.writeCount(), "the others wait for the write in flight");
        socket.completeWrite(0);
        assertEquals(2, socket.writeCount());
        socket.completeWrite(1);
        assertEquals(3, socket.writeCount());
        socket.completeWrite(2);
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, socket.write(i).bytes()[0]);
        }
    }

    @Test
    void withWriteConfirmationASendIsDoneOnceWritten() {
        SocketConnection connection = connection(false);
        connection.send(new byte[] {1}, outcomes::add);
        assertTrue(outcomes.isEmpty());
        socket.completeWrite(0);
        assertEquals(1, outcomes.size());
        assertNull(outcomes.get(0));
        assertTrue(socket.pings.isEmpty(), "no confirmation pings");
        assertFalse(connection.isPongOverdue(Long.MAX_VALUE, TIMEOUT));
    }

    @Test
    void aPongConfirmsWhatItsPingCoversAndANewPingGoesForTheRest() {
        SocketConnection connection = connection(true);
        connection.send(new byte[] {1}, outcomes::add);
        socket.completeWrite(0);
        assertEquals(List.of(1L), socket.pings);
        connection.send(new byte[] {2}, outcomes::add);
        socket.completeWrite(1);
        assertEquals(List.of(1L), socket.pings, "one ping in flight at a time");

        connection.pong(FakeFrameSocket.pong(1));
        assertEquals(1, outcomes.size(), "only the first is confirmed");
        assertEquals(List.of(1L, 2L), socket.pings, "a new ping covers the second");
        connection.pong(FakeFrameSocket.pong(2));
        assertEquals(2, outcomes.size());
    }

    @Test
    void anUnsolicitedPongConfirmsNothing() {
        SocketConnection connection = connection(true);
        connection.send(new byte[] {1}, outcomes::add);
        socket.completeWrite(0);
        connection.pong(ByteBuffer.wrap(new byte[] {0, 0, 0, 1}));
        assertTrue(outcomes.isEmpty());
        assertTrue(connection.isPongOverdue(TIMEOUT + 1, TIMEOUT), "its ping still waits");
    }

    @Test
    void aFailedWriteFailsItsSendAndClosesTheConnection() {
        SocketConnection connection = connection(true);
        connection.send(new byte[] {1}, outcomes::add);
        IOException broken = new IOException("broken pipe");
        socket.failWrite(0, broken);
        assertEquals(List.of(broken), outcomes);
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, socket.closeCode);
        assertEquals("send failed", socket.closeReason);
    }

    @Test
    void aWriteRefusedOutrightFailsItAndEverySendAfter() {
        SocketConnection connection = connection(true);
        IllegalStateException refused = new IllegalStateException("socket closed");
        socket.refuseWrites = refused;
        connection.send(new byte[] {1}, outcomes::add);
        connection.send(new byte[] {2}, outcomes::add);
        assertSame(refused, outcomes.get(0));
        assertTrue(outcomes.get(1) instanceof IOException, "the connection is closed: " + outcomes.get(1));
    }

    @Test
    void aFailedPingClosesTheConnection() {
        SocketConnection connection = connection(true);
        socket.failPings = new IOException("ping refused");
        connection.send(new byte[] {1}, outcomes::add);
        socket.completeWrite(0);
        assertEquals(CloseCodes.UNEXPECTED_CONDITION, socket.closeCode);
        assertEquals("ping failed", socket.closeReason);
        assertTrue(outcomes.isEmpty(), "the envelope stays unconfirmed");
    }

    @Test
    void closingFailsWhatWaitsAndWhatIsUnconfirmed() {
        SocketConnection connection = connection(true);
        connection.send(new byte[] {1}, outcomes::add);
        socket.completeWrite(0); // written, waiting for its pong
        connection.send(new byte[] {2}, outcomes::add); // being written
        connection.send(new byte[] {3}, outcomes::add); // waiting for that write
        assertTrue(outcomes.isEmpty());

        connection.closed();
        assertEquals(2, outcomes.size(), "the unconfirmed one and the one still waiting: " + outcomes);
        socket.failWrite(1, new IOException("connection closed"));
        assertEquals(3, outcomes.size(), "the one being written fails with its write");
        outcomes.forEach(failure -> assertTrue(failure instanceof IOException, String.valueOf(failure)));
        connection.send(new byte[] {4}, outcomes::add);
        assertEquals(4, outcomes.size(), "a send after the close fails at once");
        assertEquals(2, socket.writeCount(), "and is never written");
    }

    @Test
    void closeClosesTheSocketWithCodeAndReason() {
        connection(true).close(CloseCodes.GOING_AWAY, "no pong");
        assertEquals(CloseCodes.GOING_AWAY, socket.closeCode);
        assertEquals("no pong", socket.closeReason);
    }

    @Test
    void aReplyIsTakenWhileItFitsOrNothingWaitsAndAClosedSocketReleasesWhatWaited() {
        SocketConnection connection = new SocketConnection(socket, SessionKey.of(7), false, 1024, 100, nanoTime, START);
        assertTrue(connection.offer(new byte[150]), "nothing waits: one reply of any size is taken");
        assertFalse(connection.offer(new byte[1]), "150 bytes wait, over the bound of 100");
        connection.send(new byte[40], outcomes::add);
        assertEquals(190, connection.unwrittenBytes(), "a delivery is always taken, and counted");

        socket.completeWrite(0);
        assertEquals(40, connection.unwrittenBytes());
        assertTrue(connection.offer(new byte[60]), "40 + 60 fit the bound");
        assertFalse(connection.offer(new byte[1]));

        connection.closed();
        assertEquals(40, connection.unwrittenBytes(), "the waiting reply no longer counts; the write in flight does");
        IOException broken = new IOException("broken pipe");
        socket.failWrite(1, broken);
        assertEquals(List.of(broken), outcomes, "the delivery in flight fails with its socket");
        assertEquals(0, connection.unwrittenBytes(), "whatever waited no longer counts");
    }

    @Test
    void aLivenessPingWaitsBehindTheWriteInFlightAndItsPongConfirmsNothing() {
        SocketConnection connection = connection(true);
        connection.send(new byte[] {1}, outcomes::add);
        connection.probe();
        assertEquals(0, socket.probes, "one write at a time: the ping waits");

        socket.completeWrite(0);
        assertEquals(List.of(1L), socket.pings, "the confirmation ping, queued first");
        assertEquals(1, socket.probes, "then the empty liveness ping");
        connection.pong(ByteBuffer.allocate(0));
        assertTrue(outcomes.isEmpty(), "an empty pong confirms nothing");
        connection.pong(FakeFrameSocket.pong(1));
        assertEquals(1, outcomes.size());
        assertNull(outcomes.get(0));
    }

    @Test
    void aPongOrAFragmentIsHearingFromTheTwin() throws Exception {
        long half = Duration.ofSeconds(150).toNanos();
        long whole = Duration.ofSeconds(300).toNanos();
        SocketConnection connection = connection(true);
        clock.advance(Duration.ofSeconds(200));
        connection.pong(ByteBuffer.allocate(0));
        clock.advance(Duration.ofSeconds(200));
        connection.assemble(ByteBuffer.wrap(new byte[] {1}), false);
        clock.advance(Duration.ofSeconds(149));
        assertEquals(Silence.Verdict.NONE, connection.silence(nanoTime.getAsLong(), half, whole));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Silence.Verdict.PROBE, connection.silence(nanoTime.getAsLong(), half, whole));
    }

    @Test
    void aClosedConnectionIsNotPinged() {
        SocketConnection connection = connection(true);
        connection.closed();
        connection.probe();
        assertEquals(0, socket.probes);
    }
}
