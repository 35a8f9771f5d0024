package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connections of this relay process, at most one per session. A newer connection replaces an
 * older one; only the older one is closed, and it unregisters only itself (the reference's
 * clean-up removed whatever was registered, which also dropped the newer connection).
 */
public final class SessionRegistry {

    private final ConcurrentMap<SessionKey, Connection> connections = new ConcurrentHashMap<>();

    /** Registers {@code connection} and returns the connection it replaced, if any (to be closed by the caller). */
    public Optional<Connection> register(Connection connection) {
        return Optional.ofNullable(connections.put(connection.session(), connection));
    }

    /** Removes {@code connection} if it is still the registered one for its session. */
    public boolean unregister(Connection connection) {
        return connections.remove(connection.session(), connection);
    }

    public Optional<Connection> find(SessionKey session) {
        return Optional.ofNullable(connections.get(session));
    }

    public boolean isConnected(SessionKey session) {
        return connections.containsKey(session);
    }

    public int size() {
        return connections.size();
    }
}
