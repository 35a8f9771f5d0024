package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of this relay process, at most one per session and at most {@code capacity} in
 * all. A newer connection replaces an older one; only the older one is closed, and it unregisters
 * only itself (the reference's clean-up removed whatever was registered, which also dropped the
 * newer connection).
 */
public final class SessionRegistry {

    /** Thrown when the relay already holds as many sessions as it may. */
    public static final class FullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FullException() {
            super("max number of users");
        }
    }

    private final ConcurrentMap<SessionKey, Connection> connections = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int capacity;

    public SessionRegistry(int capacity) {
        this.capacity = capacity;
    }

    public SessionRegistry() {
        this(Integer.MAX_VALUE);
    }

    /**
     * Registers {@code connection} and returns the connection it replaced, if any (to be closed by
     * the caller).
     *
     * @throws FullException when this is a new session and the relay is at capacity
     */
    public Optional<Connection> register(Connection connection) {
        Connection[] replaced = new Connection[1];
        connections.compute(connection.session(), (key, existing) -> {
            if (existing == null && count.incrementAndGet() > capacity) {
                count.decrementAndGet();
                throw new FullException();
            }
            replaced[0] = existing;
            return connection;
        });
        return Optional.ofNullable(replaced[0]);
    }

    /** Removes {@code connection} if it is still the registered one for its session. */
    public boolean unregister(Connection connection) {
        boolean removed = connections.remove(connection.session(), connection);
        if (removed) {
            count.decrementAndGet();
        }
        return removed;
    }

    /** Visits every registered connection (a weakly consistent snapshot). */
    public void forEach(java.util.function.Consumer<Connection> action) {
        connections.values().forEach(action);
    }

    public Optional<Connection> find(SessionKey session) {
        return Optional.ofNullable(connections.get(session));
    }

    /** True when {@code connection} is the registered connection of its session. */
    public boolean isRegistered(Connection connection) {
        return connections.get(connection.session()) == connection;
    }

    public boolean isConnected(SessionKey session) {
        return connections.containsKey(session);
    }

    /** True while a new session could still be registered. */
    public boolean hasRoom() {
        return count.get() < capacity;
    }

    public int size() {
        return count.get();
    }
}
