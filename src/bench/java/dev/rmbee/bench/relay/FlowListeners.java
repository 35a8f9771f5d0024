package dev.rmbee.bench.relay;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/** The listeners of a {@link Flow}'s sockets. */
final class FlowListeners {

    private FlowListeners() {}

    /** The listener of the receiving socket (for the echo: the only one): whole messages to {@link Flow#arrived}. */
    static WebSocket.Listener receiving(Flow flow) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                long now = System.nanoTime();
                if (last && flow.partial.size() == 0) {
                    flow.arrived(null, data, now);
                } else {
                    byte[] chunk = new byte[data.remaining()];
                    data.get(chunk);
                    flow.partial.write(chunk, 0, chunk.length);
                    if (last) {
                        flow.arrived(flow.partial.toByteArray(), null, now);
                        flow.partial.reset();
                    }
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                flow.closedBy("receiver", code + " " + reason);
                flow.inClosed.complete(code);
                flow.outClosed.complete(code);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                flow.closedBy("receiver", "error " + error);
                flow.inClosed.complete(-1);
                flow.outClosed.complete(-1);
            }
        };
    }

    /** The listener of a relay sender's socket: nothing should arrive there (counted when it does). */
    static WebSocket.Listener unexpected(Flow flow) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                if (last) {
                    flow.unexpected.incrementAndGet();
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                flow.closedBy("sender", code + " " + reason);
                flow.outClosed.complete(code);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                flow.closedBy("sender", "error " + error);
                flow.outClosed.complete(-1);
            }
        };
    }
}
