package dev.rmbee.web;

import dev.rmbee.relay.Connection;
import dev.rmbee.wire.SessionKey;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A twin's WebSocket as a relay {@link Connection}. Sends are asynchronous with one message in
 * flight at a time (JSR-356 forbids overlapping async sends); the rest wait in order, and are
 * failed when the socket closes so their queue entries stay for the next connection.
 *
 * <p>With pong confirmation (the default) a send counts as done only when the twin answered a
 * WebSocket Ping written after it: the pong proves the twin's side read every frame before the
 * ping, so an envelope still in a TCP buffer when a connection drops is delivered again instead
 * of lost. With write confirmation (the reference's behaviour) a send is done once written.
 *
 * <p>Also assembles incoming fragmented messages under the whole-message size cap.
 */
final class WebSocketConnection implements Connection {

    private static final Logger LOG = Logger.getLogger(WebSocketConnection.class.getName());
    private static final IOException CLOSED = new IOException("connection closed");

    /** A binary envelope to write, or (with {@code data == null}) a confirmation ping. */
    private record Outgoing(ByteBuffer data, Consumer<Throwable> done) {}

    /** A written envelope waiting for the pong that confirms it. */
    private record Written(long sequence, Consumer<Throwable> done) {}

    private static final Outgoing PING = new Outgoing(null, null);

    private final Session socket;
    private final SessionKey session;
    private final Queue<Outgoing> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final boolean confirmByPong;
    // guarded by "this": envelopes written but not yet confirmed, and the ping in flight
    private final Deque<Written> written = new ArrayDeque<>();
    private long writtenCount;
    private boolean pingInFlight;
    // a ping waits in the send queue behind envelopes before it is written: only from its writing
    // on does its pong count as late
    private boolean pingWritten;
    private long pingSentNanos;

    WebSocketConnection(Session socket, SessionKey session, boolean confirmByPong) {
        this.socket = socket;
        this.session = session;
        this.confirmByPong = confirmByPong;
    }

    @Override
    public SessionKey session() {
        return session;
    }

    @Override
    public void send(byte[] envelope, Consumer<Throwable> done) {
        if (closed.get()) {
            done.accept(CLOSED);
            return;
        }
        pending.add(new Outgoing(ByteBuffer.wrap(envelope), done));
        drain();
        if (closed.get()) {
            failPending();
        }
    }

    private void drain() {
        while (!pending.isEmpty() && sending.compareAndSet(false, true)) {
            Outgoing next = pending.poll();
            if (next == null) {
                sending.set(false);
                continue;
            }
            if (next == PING) {
                sendPing();
                sending.set(false);
                continue;
            }
            try {
                socket.getAsyncRemote().sendBinary(next.data(), result -> {
                    sending.set(false);
                    if (result.isOK()) {
                        written(next.done());
                        drain();
                    } else {
                        next.done().accept(result.getException());
                        LOG.log(Level.FINE, "send to " + session + " failed", result.getException());
                        close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "send failed");
                    }
                });
            } catch (RuntimeException e) {
                sending.set(false);
                next.done().accept(e);
                closed();
            }
            return;
        }
    }

    private void written(Consumer<Throwable> done) {
        if (!confirmByPong) {
            done.accept(null);
            return;
        }
        boolean ping;
        synchronized (this) {
            written.add(new Written(++writtenCount, done));
            ping = !pingInFlight;
            if (ping) {
                pingInFlight = true;
                pingWritten = false;
            }
        }
        if (ping) {
            pending.add(PING);
        }
    }

    /** Writes a ping whose payload is the count of envelopes written so far (called while sending). */
    private void sendPing() {
        long upTo;
        synchronized (this) {
            upTo = writtenCount;
            pingWritten = true;
            pingSentNanos = System.nanoTime();
        }
        try {
            socket.getAsyncRemote().sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, upTo));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping to " + session + " failed", e);
            close(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "ping failed");
        }
    }

    /** A pong from the twin: confirms every envelope written before the ping it answers. */
    void pong(ByteBuffer payload) {
        if (!confirmByPong || payload.remaining() != Long.BYTES) {
            return; // an unsolicited pong, not one of ours
        }
        long upTo = payload.getLong(payload.position());
        List<Consumer<Throwable>> confirmed = new ArrayList<>();
        boolean again;
        synchronized (this) {
            while (!written.isEmpty() && written.peekFirst().sequence() <= upTo) {
                confirmed.add(written.pollFirst().done());
            }
            again = !written.isEmpty();
            pingInFlight = again;
            pingWritten = false;
        }
        confirmed.forEach(done -> done.accept(null));
        if (again) {
            pending.add(PING);
            drain();
        }
    }

    /**
     * True when a confirmation ping was written longer than {@code timeoutNanos} ago and its pong
     * has not come. A ping still queued behind envelopes is not late (a stuck write is the send
     * timeout's business).
     */
    synchronized boolean isPongOverdue(long nowNanos, long timeoutNanos) {
        return pingInFlight && pingWritten && nowNanos - pingSentNanos > timeoutNanos;
    }

    /**
     * Adds one fragment of an incoming binary message.
     *
     * @return the whole message once {@code last} arrives, else {@code null}
     * @throws MessageTooBigException when the message grows beyond {@code maxBytes}
     */
    byte[] assemble(ByteBuffer fragment, boolean last, int maxBytes) throws MessageTooBigException {
        if (last && partial.size() == 0) {
            if (fragment.remaining() > maxBytes) {
                throw new MessageTooBigException(fragment.remaining());
            }
            byte[] whole = new byte[fragment.remaining()];
            fragment.get(whole);
            return whole;
        }
        if ((long) partial.size() + fragment.remaining() > maxBytes) {
            int seen = partial.size() + fragment.remaining();
            partial.reset();
            throw new MessageTooBigException(seen);
        }
        byte[] chunk = new byte[fragment.remaining()];
        fragment.get(chunk);
        partial.write(chunk, 0, chunk.length);
        if (!last) {
            return null;
        }
        byte[] whole = partial.toByteArray();
        partial.reset();
        return whole;
    }

    /** The socket is gone: whatever waits is failed (and stays queued for the next connection). */
    void closed() {
        closed.set(true);
        failPending();
    }

    private void failPending() {
        Outgoing next;
        while ((next = pending.poll()) != null) {
            if (next != PING) {
                next.done().accept(CLOSED);
            }
        }
        List<Written> unconfirmed;
        synchronized (this) {
            unconfirmed = new ArrayList<>(written);
            written.clear();
        }
        unconfirmed.forEach(entry -> entry.done().accept(CLOSED));
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

    /** An incoming message is larger than the relay accepts. */
    static final class MessageTooBigException extends Exception {
        private static final long serialVersionUID = 1L;

        MessageTooBigException(int bytes) {
            super("message of at least " + bytes + " bytes is over the limit");
        }
    }
}
