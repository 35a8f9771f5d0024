package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.wire.SessionKey;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Delivery confirmation by ping/pong on one connection, over a recording stand-in for the container's session. */
class WebSocketConnectionTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    /** What the connection asked the container to write, with the handlers of binary writes in flight. */
    private static final class RecordingSocket {
        final List<SendHandler> binaryWrites = new ArrayList<>();
        final List<Long> pings = new ArrayList<>();

        Session session() {
            RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "sendBinary" -> binaryWrites.add((SendHandler) args[1]);
                            case "sendPing" -> pings.add(((ByteBuffer) args[0]).getLong(0));
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
            return (Session) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Session.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getAsyncRemote")) {
                            return async;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }

        void completeWrite(int index) {
            binaryWrites.get(index).onResult(new SendResult());
        }
    }

    private static ByteBuffer pong(long upTo) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, upTo);
    }

    @Test
    void aPingStillQueuedBehindEnvelopesIsNotLate() {
        RecordingSocket socket = new RecordingSocket();
        WebSocketConnection connection = new WebSocketConnection(socket.session(), SessionKey.of(7), true);
        List<Throwable> confirmed = new ArrayList<>();
        connection.send(new byte[] {1}, confirmed::add);
        connection.send(new byte[] {2}, confirmed::add);

        // the first write completes while the second waits: the confirmation ping is queued behind it
        socket.completeWrite(0);
        assertEquals(2, socket.binaryWrites.size(), "the second envelope is being written");
        assertTrue(socket.pings.isEmpty(), "the ping waits for the write in flight");
        assertFalse(
                connection.isPongOverdue(Long.MAX_VALUE, TIMEOUT),
                "a ping not yet written cannot be late (closed healthy connections as 'no pong' before)");

        // the connection notes the time of the ping's writing (System.nanoTime): between these two
        long beforePing = System.nanoTime();
        socket.completeWrite(1);
        long afterPing = System.nanoTime();
        assertEquals(List.of(2L), socket.pings, "the ping, written after both envelopes, covers both");
        assertFalse(connection.isPongOverdue(beforePing + TIMEOUT, TIMEOUT), "not yet late at its timeout");
        assertTrue(connection.isPongOverdue(afterPing + TIMEOUT + 1, TIMEOUT), "written and unanswered");
        assertTrue(confirmed.isEmpty(), "nothing is confirmed before its pong");

        connection.pong(pong(2));
        assertEquals(2, confirmed.size());
        assertNull(confirmed.get(0));
        assertNull(confirmed.get(1));
        assertFalse(connection.isPongOverdue(Long.MAX_VALUE, TIMEOUT), "nothing awaits a pong");

        // a later envelope gets a ping of its own
        connection.send(new byte[] {3}, confirmed::add);
        long beforeSecondPing = System.nanoTime();
        socket.completeWrite(2);
        long afterSecondPing = System.nanoTime();
        assertEquals(List.of(2L, 3L), socket.pings);
        assertFalse(connection.isPongOverdue(beforeSecondPing + TIMEOUT, TIMEOUT));
        assertTrue(connection.isPongOverdue(afterSecondPing + TIMEOUT + 1, TIMEOUT));
        connection.pong(pong(3));
        assertEquals(3, confirmed.size());
    }
}
