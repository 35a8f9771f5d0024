package dev.rmbee.peer;

import dev.rmbee.peer.link.RelayTransport;
import dev.rmbee.peer.link.RelayUnavailableException;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A relay stand-in for gateways in one JVM: every envelope a gateway sends is recorded and handed,
 * byte for byte, to the gateway of its destination twin (on a thread of its own, as a relay
 * connection's reader would). Destinations without a gateway just swallow what they get; twins can
 * be made unreachable (the send fails) or slow (the send waits until the test lets it go).
 */
final class RoutingTransport {

    /** One envelope as it went over the wire. */
    record Frame(int from, byte[] bytes, Envelope envelope) {}

    private final Map<Integer, PeerGateway> gateways = new ConcurrentHashMap<>();
    private final Set<Integer> unreachable = ConcurrentHashMap.newKeySet();
    private final Set<Integer> held = ConcurrentHashMap.newKeySet();
    private final List<CompletableFuture<Void>> holding = new ArrayList<>();
    private final BlockingQueue<Frame> wire = new LinkedBlockingQueue<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-relay");
        thread.setDaemon(true);
        return thread;
    });

    /** The transport a gateway of twin {@code from} sends through. */
    RelayTransport of(int from) {
        return (bytes, deadline) -> send(from, bytes, deadline);
    }

    void attach(int twin, PeerGateway gateway) {
        gateways.put(twin, gateway);
    }

    void detachAll() {
        gateways.clear();
        unreachable.clear();
        held.clear();
        release();
        wire.clear();
    }

    /** Sends to {@code twin} fail as if no relay connection were up. */
    void makeUnreachable(int twin) {
        unreachable.add(twin);
    }

    /** Sends to {@code twin} stay pending until {@link #release()}. */
    void hold(int twin) {
        held.add(twin);
    }

    synchronized void release() {
        held.clear();
        holding.forEach(future -> future.complete(null));
        holding.clear();
    }

    private CompletableFuture<Void> send(int from, byte[] bytes, Instant deadline) {
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(bytes);
        } catch (Exception e) {
            throw new AssertionError("a gateway sent bytes that are no envelope", e);
        }
        int to = envelope.getDestination().getTwin();
        if (unreachable.contains(to)) {
            return CompletableFuture.failedFuture(
                    new RelayUnavailableException("no relay connection accepted the envelope before " + deadline));
        }
        wire.add(new Frame(from, bytes.clone(), envelope));
        PeerGateway gateway = gateways.get(to);
        if (gateway != null) {
            delivery.execute(() -> gateway.onEnvelope(bytes.clone()));
        }
        if (held.contains(to)) {
            synchronized (this) {
                CompletableFuture<Void> pending = new CompletableFuture<>();
                holding.add(pending);
                return pending;
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    /** The next frame on the wire that matches, within 10 s; frames before it are dropped. */
    Frame next(Predicate<Frame> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Frame frame = wire.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no such envelope on the wire within 10 s");
            }
            if (which.test(frame)) {
                return frame;
            }
        }
    }

    /** The next frame sent to {@code twin}. */
    Frame nextTo(int twin) throws InterruptedException {
        return next(frame -> frame.envelope().getDestination().getTwin() == twin);
    }

    /** Whatever is on the wire now, taken off it. */
    List<Frame> drain() {
        List<Frame> frames = new ArrayList<>();
        wire.drainTo(frames);
        return frames;
    }

    void shutdown() {
        delivery.shutdownNow();
    }
}
