package dev.rmbee.web;

import dev.rmbee.relay.FrameSocket;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A twin's JSR-356 WebSocket as the relay core's {@link FrameSocket}: asynchronous writes, pings, close. */
final class WebSocketAdapter implements FrameSocket {

    private static final Logger LOG = Logger.getLogger(WebSocketAdapter.class.getName());

    private final Session socket;

    WebSocketAdapter(Session socket) {
        this.socket = socket;
    }

    @Override
    public void sendBinary(ByteBuffer message, Consumer<Throwable> done) {
        socket.getAsyncRemote().sendBinary(message, result -> {
            if (result.isOK()) {
                done.accept(null);
            } else {
                Throwable failure = result.getException();
                done.accept(failure != null ? failure : new IOException("send failed"));
            }
        });
    }

    @Override
    public void sendPing(ByteBuffer payload) throws IOException {
        socket.getAsyncRemote().sendPing(payload);
    }

    @Override
    public void close(int code, String reason) {
        try {
            if (socket.isOpen()) {
                socket.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + socket.getId() + " failed", e);
        }
    }

    @Override
    public String id() {
        return socket.getId();
    }

    @Override
    public Optional<String> remoteAddress() {
        return HandshakeAddress.of(socket.getUserProperties());
    }
}
