package dev.rmbee.bench.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connects the idle sessions of {@link IdleSessions} and keeps them open. Each session is a
 * {@link RawSocket} whose token was signed beforehand (fresh: issued now, valid 10 minutes); right
 * after its upgrade it sends an envelope Ping, and it counts as <i>connected</i> when the Pong
 * comes back: the relay then has authenticated its token, registered the session and reads from it
 * (the relay only reads a socket's messages once it has registered it). At most {@code concurrency}
 * sessions are between their first byte and their Pong at a time.
 */
final class SessionConnects implements RawSocket.Events, AutoCloseable {

    private final int count;
    private final SessionKey[] sessions;
    private final RawSocket[] sockets;
    private final byte[][] pings;
    private final long[] connectedAt;
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final Map<Integer, CompletableFuture<byte[]>> replies = new ConcurrentHashMap<>();
    private final RawSessions raw;
    private Semaphore slots;

    /** Signs a token and builds the first Ping of each of {@code count} sessions (twins 1–5, a distinct sid each). */
    SessionConnects(URI url, int count, BenchTwins twins) throws IOException {
        this.count = count;
        this.sessions = new SessionKey[count];
        this.sockets = new RawSocket[count];
        this.pings = new byte[count][];
        this.connectedAt = new long[count];
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        for (int i = 0; i < count; i++) {
            sessions[i] = new SessionKey(1 + i % 5, "idle-" + run + "-" + i);
            sockets[i] = new RawSocket(i, url, twins.token(sessions[i]), this);
            pings[i] = TestTwins.ping(sessions[i], "connect-" + i).toByteArray();
        }
        this.raw = new RawSessions(new InetSocketAddress(url.getHost(), url.getPort()));
    }

    /**
     * Connects every session, at most {@code concurrency} at a time.
     *
     * @return the nanoseconds from the first connection attempt to the last session connected
     *     (sessions still unconnected after {@code timeoutSeconds} count as failed)
     */
    long connect(int concurrency, long timeoutSeconds) throws InterruptedException {
        slots = new Semaphore(concurrency);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                break;
            }
            raw.connect(sockets[i]);
        }
        slots.tryAcquire(concurrency, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long last = start;
        for (long at : connectedAt) {
            last = Math.max(last, at);
        }
        return last - start;
    }

    /** Sessions connected (their Pong arrived). */
    int connected() {
        int connected = 0;
        for (long at : connectedAt) {
            connected += at != 0 ? 1 : 0;
        }
        return connected;
    }

    int failed() {
        return failed.get();
    }

    /** Connected sessions the server closed since. */
    int closedByServer() {
        return closedByServer.get();
    }

    /** How many of {@code sample} connected sessions, spread over all, answer another envelope Ping with its Pong. */
    int pingSample(int sample) {
        int answered = 0;
        for (int k = 0; k < sample; k++) {
            int index = (int) ((long) k * count / sample);
            if (connectedAt[index] == 0) {
                continue;
            }
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            replies.put(index, reply);
            raw.sendBinary(
                    sockets[index], TestTwins.ping(sessions[index], "idle-" + k).toByteArray());
            try {
                Envelope pong = Envelope.parseFrom(reply.get(5, TimeUnit.SECONDS));
                if (pong.getUid().equals("idle-" + k)) {
                    answered++;
                }
            } catch (Exception e) {
                RelayLoad.LOG.log("idle: no pong on session %s: %s", sessions[index], e);
            }
        }
        return answered;
    }

    @Override
    public void opened(RawSocket socket) {
        try {
            socket.sendBinary(pings[socket.index]);
        } catch (IOException e) {
            socket.close("sending the first ping failed: " + e);
        }
    }

    @Override
    public void binary(RawSocket socket, byte[] message) {
        int index = socket.index;
        if (connectedAt[index] != 0) {
            CompletableFuture<byte[]> reply = replies.remove(index);
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        try {
            Envelope pong = Envelope.parseFrom(message);
            if (pong.hasPong() && pong.getUid().equals("connect-" + index)) {
                connectedAt[index] = System.nanoTime();
                slots.release();
                return;
            }
        } catch (InvalidProtocolBufferException e) {
            // not the Pong: the session failed
        }
        socket.close("the first ping was not answered with its pong");
    }

    @Override
    public void closed(RawSocket socket, boolean wasOpen, String why) {
        if (connectedAt[socket.index] != 0) {
            closedByServer.incrementAndGet();
            return;
        }
        if (failed.incrementAndGet() <= 5) {
            RelayLoad.LOG.log("idle: session %d failed: %s", socket.index, why);
        }
        slots.release();
    }

    /** Aborts every session. */
    @Override
    public void close() throws IOException {
        raw.close();
    }
}
