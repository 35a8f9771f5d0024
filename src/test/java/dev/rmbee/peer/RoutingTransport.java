package dev.rmbee.peer;

import dev.rmbee.peer.link.RelayTransport;
import dev.rmbee.peer.link.RelayUnavailableException;
import dev.rmbee.testing.Await;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * A relay stand-in for gateways in one JVM: every envelope a gateway sends is recorded and handed,
 * byte for byte, to the gateway of its destination twin (on a thread of its own, as a relay
 * connection's reader would). Destinations without a gateway just swallow what they get; twins can
 * be made unreachable (the send fails) or slow (the send waits until the test lets it go). An
 * envelope being handed to a gateway counts as work in progress of the {@link PeerActivity}.
 */
final class RoutingTransport {

    /** One envelope as it went over the wire. */
    record Frame(int from, byte[] bytes, Envelope envelope) {}

    private final PeerActivity activity;
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

    RoutingTransport(PeerActivity activity) {
        this.activity = activity;
    }

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
            activity.begin();
            try {
                delivery.execute(() -> {
                    try {
                        gateway.onEnvelope(bytes.clone());
                    } finally {
                        activity.end();
                    }
                });
            } catch (RuntimeException e) {
                activity.end();
                throw e;
            }
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

    /** The next frame on the wire that matches, waiting for it; frames before it are dropped. */
    Frame next(Predicate<Frame> which) {
        return next("the envelope the test expects on the wire", which);
    }

    /** The next frame on the wire that matches; fails naming {@code what} when none comes. */
    Frame next(String what, Predicate<Frame> which) {
        return Await.value(what, () -> {
            for (Frame frame = wire.poll(); frame != null; frame = wire.poll()) {
                if (which.test(frame)) {
                    return Optional.of(frame);
                }
            }
            return Optional.empty();
        });
    }

    /** The next frame sent to {@code twin}. */
    Frame nextTo(int twin) {
        return next(
                "an envelope to twin " + twin,
                frame -> frame.envelope().getDestination().getTwin() == twin);
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
