package dev.rmbee.web;

import dev.rmbee.relay.CloseCodes;
import dev.rmbee.relay.SocketConnection;
import dev.rmbee.relay.SocketSessions;
import dev.rmbee.wire.SessionKey;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The twins' WebSocket at {@code /}: hands each socket's events to the relay's {@link SocketSessions}.
 * The token in the query string was verified by {@link UpgradeAuthenticationFilter} before the
 * handshake; here it is only read again for the session it names. One instance serves every
 * socket ({@link RelayEndpointConfigurator}): it keeps no state of its own, each socket's is in its
 * user properties.
 */
@ServerEndpoint(value = "/", configurator = RelayEndpointConfigurator.class)
@Dependent
public class RelayEndpoint {

    private static final Logger LOG = Logger.getLogger(RelayEndpoint.class.getName());
    private static final String CONNECTION = "rmb.connection";

    @Inject
    SocketSessions sockets;

    @Inject
    RelaySettings settings;

    @OnOpen
    public void open(Session socket) {
        WebSocketAdapter adapter = new WebSocketAdapter(socket);
        // the upgrade filter verified the token and left the session it names as the query string
        String verified = socket.getQueryString();
        SessionKey session;
        try {
            session = SessionKey.parse(verified == null ? "" : verified);
        } catch (IllegalArgumentException e) {
            adapter.close(CloseCodes.VIOLATED_POLICY, "invalid jwt");
            return;
        }
        // no container idle timer per socket (Liberty's costs CPU for every idle socket): the relay's
        // LivenessSweep closes silent connections (rmb.relay.idle-timeout, SocketSettings)
        socket.setMaxIdleTimeout(0);
        // the per-frame limit stops a single huge frame early; fragmented messages are counted as they are joined
        socket.setMaxBinaryMessageBufferSize(settings.maxMessageBytes());
        socket.getAsyncRemote().setSendTimeout(TimeUnit.SECONDS.toMillis(settings.sendTimeoutSeconds()));
        sockets.open(adapter, session)
                .ifPresent(connection -> socket.getUserProperties().put(CONNECTION, connection));
    }

    @OnMessage
    public void binary(ByteBuffer fragment, boolean last, Session socket) {
        SocketConnection connection = connection(socket);
        if (connection != null) {
            sockets.received(connection, fragment, last);
        }
    }

    @OnMessage
    public void pong(PongMessage pong, Session socket) {
        SocketConnection connection = connection(socket);
        if (connection != null) {
            sockets.pong(connection, pong.getApplicationData());
        }
    }

    @OnMessage
    public void text(String frame, Session socket) {
        sockets.refuseText(new WebSocketAdapter(socket), connection(socket));
    }

    @OnClose
    public void closed(Session socket, CloseReason reason) {
        SocketConnection connection = connection(socket);
        if (connection != null) {
            sockets.closed(connection, reason);
        }
    }

    @OnError
    public void failed(Session socket, Throwable error) {
        SocketConnection connection = connection(socket);
        LOG.log(Level.FINE, "socket error on " + (connection == null ? socket.getId() : connection.session()), error);
    }

    private static SocketConnection connection(Session socket) {
        return (SocketConnection) socket.getUserProperties().get(CONNECTION);
    }
}
