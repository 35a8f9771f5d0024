package dev.rmbee.web;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Carries a twin's remote address from the upgrade request to its socket, for the operators' list
 * of sessions: JSR-356 shows neither the handshake's nor the socket's address to the endpoint.
 * {@link UpgradeAuthenticationFilter} holds the address for the thread while the handshake runs
 * (Liberty runs it inside the filter chain), the {@link Configurator} copies it into the new
 * socket's user properties (a copy per socket since WebSocket 2.1), where {@link WebSocketAdapter}
 * reads it. The relay endpoint uses it through {@link RelayEndpointConfigurator}.
 */
final class HandshakeAddress {

    private static final String PROPERTY = "rmb.remote-address";
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private HandshakeAddress() {}

    /** The remote address of the upgrade this thread handles now, until {@link #clear()}. */
    static void set(String address) {
        CURRENT.set(address);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** The address a socket's handshake saw, if it was recorded. */
    static Optional<String> of(Map<String, Object> userProperties) {
        return Optional.ofNullable(userProperties.get(PROPERTY)).map(Object::toString);
    }

    /** A configurator that records the current upgrade's remote address on the socket. */
    public static class Configurator extends ServerEndpointConfig.Configurator {

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            String address = CURRENT.get();
            if (address != null) {
                config.getUserProperties().put(PROPERTY, address);
            }
        }
    }
}
