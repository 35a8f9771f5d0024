package dev.rmbee.web;

import dev.rmbee.relay.Connection;
import dev.rmbee.wire.SessionKey;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A twin's WebSocket as a relay {@link Connection}. Sends are asynchronous with one message in
 * flight at a time (JSR-356 forbids overlapping async sends); the rest wait in order.
 */
final class WebSocketConnection implements Connection {

    private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());

    private final Session socket;
    private final SessionKey session;
    private final Queue<ByteBuffer> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    WebSocketConnection(Session socket, SessionKey session) {
        this.socket = socket;
        this.session = session;
    }

    @Override
    public SessionKey session() {
        return session;
    }

    @Override
    public void send(byte[] envelope) {
        pending.add(ByteBuffer.wrap(envelope));
        drain();
    }

    private void drain() {
        while (!pending.isEmpty() && sending.compareAndSet(false, true)) {
            ByteBuffer next = pending.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            if (!socket.isOpen()) {
                pending.clear();
                sending.set(false);
                return;
            }
            socket.getAsyncRemote().sendBinary(next, result -> {
                sending.set(false);
                if (result.isOK()) {
                    drain();
                } else {
                    LOG.log(Level.FINE, "send to " + session + " failed", result.getException());
                    close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "send failed");
                }
            });
            return;
        }
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (socket.isOpen()) {
                socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + session + " failed", e);
        }
    }

    @Override
    public String toString() {
        return "connection " + session + " (" + socket.getId() + ")";
    }
}
