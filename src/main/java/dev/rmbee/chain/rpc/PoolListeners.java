package dev.rmbee.chain.rpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells a {@link NodePool}'s listeners of its connections, one event at a time, in order: each
 * event belongs to one connection attempt, and an event whose attempt has been superseded (a newer
 * attempt started) is not told any further. A listener added while a node is connected is told of
 * that connection at once, and of each connection once.
 */
final class PoolListeners {

    private static final Logger LOG = Logger.getLogger(NodePool.class.getName());

    private final LongPredicate current;
    private final List<NodeListener> listeners = new CopyOnWriteArrayList<>();

    // guarded by "listeners"
    private RpcConnection told;
    private long toldAttempt;

    /** @param current whether an attempt's events are still current */
    PoolListeners(LongPredicate current) {
        this.current = current;
    }

    void add(NodeListener listener) {
        synchronized (listeners) {
            listeners.add(listener);
            if (told != null && current.test(toldAttempt)) {
                tell(listener, l -> l.connected(told));
            }
        }
    }

    void connected(long attempt, RpcConnection connection) {
        synchronized (listeners) {
            told = connection;
            toldAttempt = attempt;
            tellAll(attempt, l -> l.connected(connection));
        }
    }

    void disconnected(long attempt, String reason) {
        synchronized (listeners) {
            told = null;
            tellAll(attempt, l -> l.disconnected(reason));
        }
    }

    private void tellAll(long attempt, Consumer<NodeListener> event) {
        for (NodeListener listener : listeners) {
            if (!current.test(attempt)) {
                return;
            }
            tell(listener, event);
        }
    }

    private static void tell(NodeListener listener, Consumer<NodeListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a chain node pool listener failed", e);
        }
    }
}
