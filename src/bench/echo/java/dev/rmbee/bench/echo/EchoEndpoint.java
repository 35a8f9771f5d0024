package dev.rmbee.bench.echo;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * For benchmarks only: a bare WebSocket echo at {@value #PATH} of its archive (context root
 * {@code /bench}), the ceiling the relay's throughput is compared with on the same server
 * (docs/benchmarks.md). It needs no token.
 *
 * <p>It does per message what the relay's socket layer does and nothing else: the incoming binary
 * message is copied into a byte array as the relay assembles a twin's message (whole messages up
 * to 1 MiB, fragments joined), and sent back as an asynchronous binary message, one in flight at a
 * time, the others waiting in order, as the relay writes to a twin; the socket has no idle timeout.
 */
public final class EchoEndpoint extends Endpoint {

    /** Where the echo is registered, under the archive's context root. */
    public static final String PATH = "/echo";

    /** Largest message echoed (whole message); a larger one closes the socket with 1009. */
    static final int MAX_MESSAGE_BYTES = 1 << 20;

    private static final Logger LOG = Logger.getLogger(EchoEndpoint.class.getName());

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        socket.setMaxIdleTimeout(0);
        socket.setMaxBinaryMessageBufferSize(MAX_MESSAGE_BYTES);
        Echo echo = new Echo(socket);
        socket.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) echo::received);
    }

    /** One socket's echo: assembles messages and writes them back in order. */
    private static final class Echo {
        private final Session socket;
        private final Queue<ByteBuffer> pending = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean sending = new AtomicBoolean();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Echo(Session socket) {
            this.socket = socket;
        }

        void received(ByteBuffer fragment, boolean last) {
            if (partial.size() + (long) fragment.remaining() > MAX_MESSAGE_BYTES) {
                partial.reset();
                close(CloseReason.CloseCodes.TOO_BIG, "message too big");
                return;
            }
            byte[] chunk = new byte[fragment.remaining()];
            fragment.get(chunk);
            byte[] whole;
            if (last && partial.size() == 0) {
                whole = chunk;
            } else {
                partial.write(chunk, 0, chunk.length);
                if (!last) {
                    return;
                }
                whole = partial.toByteArray();
                partial.reset();
            }
            pending.add(ByteBuffer.wrap(whole));
            drain();
        }

        private void drain() {
            while (!pending.isEmpty() && sending.compareAndSet(false, true)) {
                ByteBuffer next = pending.poll();
                if (next == null) {
                    sending.set(false);
                    continue;
                }
                try {
                    socket.getAsyncRemote().sendBinary(next, result -> {
                        sending.set(false);
                        if (result.isOK()) {
                            drain();
                        } else {
                            LOG.log(Level.FINE, "echo send failed", result.getException());
                            close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
                        }
                    });
                } catch (RuntimeException e) {
                    sending.set(false);
                    LOG.log(Level.FINE, "echo send failed", e);
                    close(CloseReason.CloseCodes.UNEXPECTED_CONDITION, "send failed");
                }
                return;
            }
        }

        private void close(CloseReason.CloseCodes code, String reason) {
            pending.clear();
            try {
                if (socket.isOpen()) {
                    socket.close(new CloseReason(code, reason));
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing an echo socket failed", e);
            }
        }
    }
}
