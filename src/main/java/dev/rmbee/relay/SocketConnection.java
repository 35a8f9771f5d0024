package dev.rmbee.relay;

import dev.rmbee.metrics.Eviction;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A twin's socket as a relay {@link Connection}. Sends are asynchronous with one message in
 * flight at a time (JSR-356 forbids overlapping async sends); the rest wait in order, and are
 * failed when the socket closes so their queue entries stay for the next connection.
 *
 * <p>With pong confirmation (the default) a send counts as done only when the twin answered a
 * WebSocket Ping written after it: the pong proves the twin's side read every frame before the
 * ping, so an envelope still in a TCP buffer when a connection drops is delivered again instead
 * of lost. With write confirmation (the reference's behaviour) a send is done once written.
 *
 * <p>Messages count their bytes until written ({@link UnwrittenBytes}): a Pong is refused when it
 * does not fit, so a twin that pings and never reads cannot make the relay hold its answers.
 *
 * <p>Also assembles the incoming fragmented messages of its socket under the whole-message cap.
 */
public final class SocketConnection implements Connection {

    private static final Logger LOG = Logger.getLogger(SocketConnection.class.getName());
    private static final IOException CLOSED = new IOException("connection closed");

    /** A binary envelope of {@code size} bytes to write, or (with {@code data == null}) a confirmation ping. */
    private record Outgoing(ByteBuffer data, int size, Consumer<Throwable> done) {}

    /** A written envelope waiting for the pong that confirms it. */
    private record Written(long sequence, Consumer<Throwable> done) {}

    private static final Outgoing PING = new Outgoing(null, 0, null);
    private static final Consumer<Throwable> UNTRACKED = failure -> {};

    private final FrameSocket socket;
    private final SessionKey session;
    private final boolean confirmByPong;
    private final LongSupplier nanoTime;
    private final FragmentAssembler assembler;
    private final Instant connectedSince;
    private final Queue<Outgoing> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UnwrittenBytes unwritten;
    // guarded by "this": envelopes written but not yet confirmed, and the ping in flight
    private final Deque<Written> written = new ArrayDeque<>();
    private long writtenCount;
    private boolean pingInFlight;
    // a ping waits in the send queue behind envelopes before it is written: only from its writing
    // on does its pong count as late
    private boolean pingWritten;
    private long pingSentNanos;
    // the code of the relay's first close of this connection, 0 while it closed none
    private volatile int closeCode;

    /**
     * @param confirmByPong true: a send is done when a later ping's pong came; false: once written
     * @param maxMessageBytes the whole-message cap of incoming messages
     * @param maxUnwrittenBytes the bytes waiting to be written above which untracked replies are refused
     * @param nanoTime the monotonic time pings are stamped with ({@code System::nanoTime})
     * @param connectedSince when the socket opened
     */
    SocketConnection(
            FrameSocket socket,
            SessionKey session,
            boolean confirmByPong,
            int maxMessageBytes,
            long maxUnwrittenBytes,
            LongSupplier nanoTime,
            Instant connectedSince) {
        this.unwritten = new UnwrittenBytes(maxUnwrittenBytes);
        this.socket = socket;
        this.connectedSince = connectedSince;
        this.session = session;
        this.confirmByPong = confirmByPong;
        this.nanoTime = nanoTime;
        this.assembler = new FragmentAssembler(maxMessageBytes);
    }

    @Override
    public SessionKey session() {
        return session;
    }

    @Override
    public Optional<Instant> connectedSince() {
        return Optional.of(connectedSince);
    }

    @Override
    public Optional<String> remoteAddress() {
        return socket.remoteAddress();
    }

    @Override
    public void send(byte[] envelope, Consumer<Throwable> done) {
        if (closed.get()) {
            done.accept(CLOSED);
            return;
        }
        unwritten.add(envelope.length);
        enqueue(new Outgoing(ByteBuffer.wrap(envelope), envelope.length, done));
    }

    /** Queues a reply nobody waits for if it fits ({@link UnwrittenBytes#tryAdd}). */
    @Override
    public boolean offer(byte[] reply) {
        if (!unwritten.tryAdd(reply.length)) {
            return false;
        }
        enqueue(new Outgoing(ByteBuffer.wrap(reply), reply.length, UNTRACKED));
        return true;
    }

    /** The bytes of the messages accepted and not yet written (nor failed). */
    long unwrittenBytes() {
        return unwritten.get();
    }

    private void enqueue(Outgoing next) {
        pending.add(next);
        drain();
        if (closed.get()) {
            failPending();
        }
    }

    /** Writes what waits, one message at a time: each completed write starts the next. */
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
            write(next);
            return;
        }
    }

    private void write(Outgoing next) {
        try {
            socket.sendBinary(next.data(), failure -> {
                unwritten.remove(next.size());
                sending.set(false);
                if (failure == null) {
                    written(next.done());
                    drain();
                } else {
                    next.done().accept(failure);
                    LOG.log(Level.FINE, "send to " + session + " failed", failure);
                    close(CloseCodes.UNEXPECTED_CONDITION, "send failed");
                }
            });
        } catch (RuntimeException e) {
            unwritten.remove(next.size());
            sending.set(false);
            next.done().accept(e);
            closed();
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
            pingSentNanos = nanoTime.getAsLong();
        }
        try {
            socket.sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, upTo));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping to " + session + " failed", e);
            close(CloseCodes.UNEXPECTED_CONDITION, "ping failed");
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
    @Override
    public synchronized boolean isPongOverdue(long nowNanos, long timeoutNanos) {
        return pingInFlight && pingWritten && nowNanos - pingSentNanos > timeoutNanos;
    }

    /**
     * Adds one fragment of an incoming binary message.
     *
     * @return the whole message once {@code last} arrives, else {@code null}
     */
    byte[] assemble(ByteBuffer fragment, boolean last) throws FragmentAssembler.MessageTooBigException {
        return assembler.append(fragment, last);
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
                unwritten.remove(next.size());
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
        if (closeCode == 0) {
            closeCode = code;
        }
        socket.close(code, reason);
    }

    /** Why the connection left: the relay's first close code, or {@link Eviction#CLOSED} when it closed none. */
    Eviction eviction() {
        return CloseCodes.eviction(closeCode);
    }

    @Override
    public String toString() {
        return "connection " + session + " (" + socket.id() + ")";
    }
}
