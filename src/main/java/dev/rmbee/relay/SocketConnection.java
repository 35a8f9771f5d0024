package dev.rmbee.relay;

import dev.rmbee.metrics.Eviction;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
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

    /** A binary envelope of {@code size} bytes to write, or (with {@code data == null}) a ping. */
    private record Outgoing(ByteBuffer data, int size, Consumer<Throwable> done) {}

    /** A confirmation ping: its payload is the count of envelopes written before it. */
    private static final Outgoing PING = new Outgoing(null, 0, null);
    /** A liveness ping ({@link #probe()}): an empty payload, so its pong confirms nothing. */
    private static final Outgoing PROBE = new Outgoing(null, 0, null);

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
    private final PongConfirmations confirmations = new PongConfirmations();
    private final Silence silence;
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
        this.silence = new Silence(nanoTime.getAsLong());
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
            if (next == PING || next == PROBE) {
                sendPing(next == PING);
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
        if (confirmations.written(done)) {
            pending.add(PING);
        }
    }

    /**
     * Writes a ping (called while sending): a confirmation ping's payload is the count of envelopes
     * written so far, a liveness ping's is empty.
     */
    private void sendPing(boolean confirmation) {
        ByteBuffer payload = confirmation
                ? ByteBuffer.allocate(Long.BYTES).putLong(0, confirmations.pingWriting(nanoTime.getAsLong()))
                : ByteBuffer.allocate(0);
        try {
            socket.sendPing(payload);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ping to " + session + " failed", e);
            close(CloseCodes.UNEXPECTED_CONDITION, "ping failed");
        }
    }

    /**
     * A pong from the twin: any pong shows the twin is there; one answering a confirmation ping
     * confirms every envelope written before that ping.
     */
    void pong(ByteBuffer payload) {
        silence.heard(nanoTime.getAsLong());
        if (!confirmByPong || payload.remaining() != Long.BYTES) {
            return; // a liveness ping's answer, or an unsolicited pong
        }
        List<Consumer<Throwable>> confirmed = new ArrayList<>();
        boolean again = confirmations.pong(payload.getLong(payload.position()), confirmed);
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
    public boolean isPongOverdue(long nowNanos, long timeoutNanos) {
        return confirmations.isOverdue(nowNanos, timeoutNanos);
    }

    @Override
    public Silence.Verdict silence(long nowNanos, long probeAfterNanos, long closeAfterNanos) {
        return silence.check(nowNanos, probeAfterNanos, closeAfterNanos);
    }

    /** Pings the twin with an empty payload, in turn with what waits to be written. */
    @Override
    public void probe() {
        if (!closed.get()) {
            enqueue(PROBE);
        }
    }

    /**
     * Adds one fragment of an incoming binary message (the twin is heard from).
     *
     * @return the whole message once {@code last} arrives, else {@code null}
     */
    byte[] assemble(ByteBuffer fragment, boolean last) throws FragmentAssembler.MessageTooBigException {
        silence.heard(nanoTime.getAsLong());
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
            if (next.data() != null) {
                unwritten.remove(next.size());
                next.done().accept(CLOSED);
            }
        }
        confirmations.drop().forEach(done -> done.accept(CLOSED));
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
