package dev.rmbee.web;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.auth.AuthenticationException;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.relay.SessionRegistry;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;
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
 * The twins' WebSocket at {@code /}: adapts a socket to the relay core. The token in the query
 * string was verified by {@link UpgradeAuthenticationFilter} before the handshake; here it is only
 * read again for the session it names.
 */
@ServerEndpoint("/")
@Dependent
public class RelayEndpoint {

    private static final Logger LOG = Logger.getLogger(RelayEndpoint.class.getName());
    private static final String CONNECTION = "rmb.connection";

    @Inject
    RelayServices relay;

    @OnOpen
    public void open(Session socket) {
        WebSocketConnection connection;
        try {
            connection = new WebSocketConnection(
                    socket,
                    RelayTokens.parse(socket.getQueryString()).claims().session(),
                    relay.settings().confirmByPong());
        } catch (AuthenticationException e) {
            close(socket, CloseCodes.VIOLATED_POLICY, "invalid jwt");
            return;
        }
        socket.setMaxIdleTimeout(0);
        // the per-frame limit stops a single huge frame early; fragmented messages are counted in assemble()
        socket.setMaxBinaryMessageBufferSize(relay.settings().maxMessageBytes());
        socket.getAsyncRemote()
                .setSendTimeout(TimeUnit.SECONDS.toMillis(relay.settings().sendTimeoutSeconds()));
        try {
            relay.sessions().register(connection).ifPresent(replaced -> {
                LOG.fine(() -> "session " + connection.session() + " reconnected: closing the older connection");
                replaced.close(CloseCodes.NORMAL_CLOSURE.getCode(), "replaced by a newer connection");
            });
        } catch (SessionRegistry.FullException e) {
            LOG.warning(() -> "refusing session " + connection.session() + ": max number of users");
            close(socket, CloseCodes.TRY_AGAIN_LATER, "max number of users");
            return;
        }
        socket.getUserProperties().put(CONNECTION, connection);
        relay.delivery().attach(connection);
        LOG.fine(() -> "session " + connection.session() + " connected");
    }

    @OnMessage
    public void binary(ByteBuffer fragment, boolean last, Session socket) {
        WebSocketConnection connection = connection(socket);
        if (connection == null) {
            return;
        }
        byte[] frame;
        try {
            frame = connection.assemble(fragment, last, relay.settings().maxMessageBytes());
        } catch (WebSocketConnection.MessageTooBigException e) {
            LOG.info(() -> "closing " + connection.session() + ": " + e.getMessage());
            close(socket, CloseCodes.TOO_BIG, "message too big");
            return;
        }
        if (frame == null) {
            return;
        }
        try {
            relay.router().process(connection, frame);
        } catch (InvalidProtocolBufferException e) {
            LOG.info(() -> "closing " + connection.session() + ": failed to load input message: " + e.getMessage());
            close(socket, CloseCodes.NOT_CONSISTENT, "invalid envelope");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing " + connection.session() + ": failed to process a message", e);
            close(socket, CloseCodes.UNEXPECTED_CONDITION, "internal error");
        }
    }

    @OnMessage
    public void pong(PongMessage pong, Session socket) {
        WebSocketConnection connection = connection(socket);
        if (connection != null) {
            connection.pong(pong.getApplicationData());
        }
    }

    @OnMessage
    public void text(String frame, Session socket) {
        WebSocketConnection connection = connection(socket);
        LOG.info(() -> "closing " + (connection == null ? socket.getId() : connection.session())
                + ": text frames are not supported");
        close(socket, CloseCodes.CANNOT_ACCEPT, "binary envelopes only");
    }

    @OnClose
    public void closed(Session socket, CloseReason reason) {
        WebSocketConnection connection = connection(socket);
        if (connection != null) {
            connection.closed();
            relay.delivery().detach(connection);
            relay.sessions().unregister(connection);
            LOG.fine(() -> "session " + connection.session() + " disconnected: " + reason);
        }
    }

    @OnError
    public void failed(Session socket, Throwable error) {
        WebSocketConnection connection = connection(socket);
        LOG.log(Level.FINE, "socket error on " + (connection == null ? socket.getId() : connection.session()), error);
    }

    private static WebSocketConnection connection(Session socket) {
        return (WebSocketConnection) socket.getUserProperties().get(CONNECTION);
    }

    private static void close(Session socket, CloseCodes code, String reason) {
        try {
            socket.close(new CloseReason(code, reason));
        } catch (java.io.IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
