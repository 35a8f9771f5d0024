package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections of this relay process, at most one per session, at most {@code capacity} in all
 * and at most {@code perTwin} sessions of one twin (so that one twin cannot take every slot). A
 * newer connection replaces an older one (it takes no new slot); only the older one is closed, and
 * it unregisters only itself (the reference's clean-up removed whatever was registered, which also
 * dropped the newer connection).
 */
public final class SessionRegistry {

    /** What a refused session is told when the relay holds as many sessions as it may. */
    public static final String FULL = "max number of users";
    /** What a refused session is told when its twin holds as many sessions as one twin may. */
    public static final String TWIN_FULL = "max sessions per twin";

    /**
     * Thrown when the relay, or the twin, already holds as many sessions as it may; the message is
     * {@link #FULL} or {@link #TWIN_FULL}.
     */
    public static final class FullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FullException(String reason) {
            super(reason);
        }
    }

    private final ConcurrentMap<SessionKey, Connection> connections = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Integer> perTwinCounts = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final int capacity;
    private final int perTwin;

    /**
     * @param capacity sessions in all
     * @param perTwin sessions of one twin; 0 or less: no cap per twin
     */
    public SessionRegistry(int capacity, int perTwin) {
        this.capacity = capacity;
        this.perTwin = perTwin > 0 ? perTwin : Integer.MAX_VALUE;
    }

    public SessionRegistry(int capacity) {
        this(capacity, 0);
    }

    public SessionRegistry() {
        this(Integer.MAX_VALUE);
    }

    /**
     * Registers {@code connection} and returns the connection it replaced, if any (to be closed by
     * the caller).
     *
     * @throws FullException when this is a new session and the relay, or its twin, is at capacity
     */
    public Optional<Connection> register(Connection connection) {
        Connection[] replaced = new Connection[1];
        connections.compute(connection.session(), (key, existing) -> {
            if (existing == null) {
                takeSlot(key.twin());
            }
            replaced[0] = existing;
            return connection;
        });
        return Optional.ofNullable(replaced[0]);
    }

    /** Counts a new session of {@code twin}, or throws when the relay or the twin has no room left. */
    private void takeSlot(int twin) {
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            throw new FullException(FULL);
        }
        try {
            perTwinCounts.compute(twin, (key, held) -> {
                int now = held == null ? 0 : held;
                if (now >= perTwin) {
                    throw new FullException(TWIN_FULL);
                }
                return now + 1;
            });
        } catch (FullException e) {
            count.decrementAndGet();
            throw e;
        }
    }

    /** Removes {@code connection} if it is still the registered one for its session. */
    public boolean unregister(Connection connection) {
        boolean removed = connections.remove(connection.session(), connection);
        if (removed) {
            count.decrementAndGet();
            perTwinCounts.computeIfPresent(connection.session().twin(), (twin, held) -> held > 1 ? held - 1 : null);
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

    /**
     * True while {@code session} could be registered as far as its twin's cap goes: it replaces a
     * connected session, or its twin holds fewer sessions than one twin may.
     */
    public boolean hasRoomFor(SessionKey session) {
        return connections.containsKey(session) || sessionsOf(session.twin()) < perTwin;
    }

    /** How many sessions of {@code twin} are registered. */
    public int sessionsOf(int twin) {
        return perTwinCounts.getOrDefault(twin, 0);
    }

    public int size() {
        return count.get();
    }
}
