package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Samples;
import dev.rmbee.wire.SessionKey;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One sender and its receiver (the same socket for the echo). The send side keeps one message
 * in flight on the socket (the JDK client allows no more) and sends while it has credits; the
 * receive side checks each message, records its latency and, in the windowed phase, grants the
 * next send. Its sockets' listeners are {@link FlowListeners}.
 */
final class Flow {
    /** How many messages a flow may have outstanding at most (the send stamps' ring). */
    static final int RING = 1 << 14;

    private static final int MASK = RING - 1;

    final int index;
    final SessionKey sender;
    final SessionKey receiver;
    final byte[][] pool;
    volatile WebSocket out;
    volatile WebSocket in;
    volatile Phase phase;
    final CompletableFuture<Integer> outClosed = new CompletableFuture<>();
    final CompletableFuture<Integer> inClosed = new CompletableFuture<>();
    final Queue<String> closeReasons = new ConcurrentLinkedQueue<>();
    volatile boolean closing;

    // send side; "sent" and "phaseBase" only while holding "sending"
    final AtomicLong credits = new AtomicLong();
    final AtomicBoolean sending = new AtomicBoolean();
    final AtomicLong sentCount = new AtomicLong();
    final AtomicLongArray stamps = new AtomicLongArray(RING);
    long sent;
    volatile long phaseBase;

    // receive side: called by one socket's listener, one message at a time
    final AtomicLong received = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    final Samples samples = new Samples();
    final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    long mismatches;

    Flow(int index, SessionKey sender, SessionKey receiver, byte[][] pool) {
        this.index = index;
        this.sender = sender;
        this.receiver = receiver;
        this.pool = pool;
    }

    /** Starts a phase; the flow is quiet (everything sent has arrived). */
    void begin(Phase next) {
        credits.set(0);
        phaseBase = sentCount.get();
        phase = next;
    }

    void grant(int count) {
        credits.addAndGet(count);
        pump();
    }

    private void pump() {
        while (credits.get() > 0 && sending.compareAndSet(false, true)) {
            Phase current = phase;
            if (credits.get() <= 0 || current.stopped || sent - received.get() >= RING) {
                sending.set(false);
                if (current.stopped || sent - received.get() >= RING) {
                    return; // an arrival pumps again
                }
                continue;
            }
            credits.decrementAndGet();
            long s = sent++;
            long stamp = current.paced ? current.scheduled(index, s - phaseBase) : System.nanoTime();
            stamps.setRelease((int) (s & MASK), stamp);
            sentCount.set(sent);
            CompletableFuture<WebSocket> done = out.sendBinary(ByteBuffer.wrap(pool[(int) (s % pool.length)]), true);
            if (done.isDone() && !done.isCompletedExceptionally()) {
                sending.set(false);
                continue;
            }
            done.whenComplete((socket, error) -> {
                sending.set(false);
                if (error != null) {
                    if (!closing) {
                        RelayLoad.LOG.log("flow %d: send failed: %s", index, error);
                    }
                    return;
                }
                pump();
            });
            return;
        }
    }

    /** A whole message arrived at the receiver, as {@code message} or (unfragmented) {@code whole}. */
    void arrived(byte[] message, ByteBuffer whole, long now) {
        long r = received.get();
        ByteBuffer arrived = whole != null ? whole : ByteBuffer.wrap(message);
        long sequence = sequenceOf(arrived, r);
        long latency = now - stamps.getAcquire((int) (sequence & MASK));
        Phase current = phase;
        if (current.recording) {
            samples.add(latency);
        }
        received.set(r + 1);
        if (!current.paced && !current.stopped) {
            credits.incrementAndGet();
        }
        pump();
    }

    /**
     * The send whose message {@code arrived} is, expected to be the {@code r}-th: {@code r} when it
     * is the one sent in that position; when out of place (counted), the nearest send with that pool
     * index (reordering moves messages by a few places only), so its latency is still its own.
     */
    private long sequenceOf(ByteBuffer arrived, long r) {
        if (arrived.equals(ByteBuffer.wrap(pool[(int) (r % pool.length)]))) {
            return r;
        }
        long sequence = r;
        int k = whichOfPool(arrived);
        if (k >= 0) {
            long offset = Math.floorMod(k - r, (long) pool.length);
            sequence = offset < pool.length / 2 ? r + offset : r + offset - pool.length;
        }
        if (mismatches++ < 3) {
            RelayLoad.LOG.log(
                    "flow %d: message %d is not the one sent in that position (%d of the pool) but %s",
                    index, r, r % pool.length, k < 0 ? "none of the pool" : k + " of the pool");
        }
        return sequence;
    }

    /** Which envelope of the pool {@code message} is, or -1. */
    private int whichOfPool(ByteBuffer message) {
        for (int k = 0; k < pool.length; k++) {
            if (message.equals(ByteBuffer.wrap(pool[k]))) {
                return k;
            }
        }
        return -1;
    }

    /** Whether everything this flow sent has arrived. */
    boolean quiet() {
        return received.get() >= sentCount.get();
    }

    boolean closedEarly() {
        return outClosed.isDone() || inClosed.isDone();
    }

    /** A socket of this flow closed (or failed) before the end: logged, and kept for the results. */
    void closedBy(String side, String how) {
        if (closing) {
            return;
        }
        String text = side + " " + (side.equals("sender") ? sender : receiver) + " closed: " + how;
        closeReasons.add(text);
        RelayLoad.LOG.log("flow %d: %s", index, text);
    }

    void close() {
        closing = true;
        for (WebSocket socket : new WebSocket[] {out, in}) {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                        .orTimeout(2, TimeUnit.SECONDS)
                        .exceptionally(e -> null)
                        .join();
                socket.abort();
            }
        }
    }
}
