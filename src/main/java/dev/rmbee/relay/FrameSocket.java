package dev.rmbee.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the relay needs of a twin's socket, implemented by the container's WebSocket adapter: write
 * a binary message with a completion, write a ping, close with a code. The protocol spoken over it
 * (one write at a time, confirmation by pong) is {@link SocketConnection}'s.
 */
public interface FrameSocket {

    /**
     * Starts writing one binary message and returns at once; {@code done} is called once, with
     * {@code null} when the message was written, else with the failure. The caller never has two
     * writes in flight. May throw when the socket refuses the write outright.
     */
    void sendBinary(ByteBuffer message, Consumer<Throwable> done);

    /** Writes a WebSocket Ping with {@code payload}. */
    void sendPing(ByteBuffer payload) throws IOException;

    /** Closes the socket with a WebSocket close code (see {@link CloseCodes}) and reason, if it is still open. */
    void close(int code, String reason);

    /** The container's id of the socket, for logs. */
    String id();

    /** The address of the twin's end, as the server saw it at the handshake; empty when not known. */
    default Optional<String> remoteAddress() {
        return Optional.empty();
    }
}
