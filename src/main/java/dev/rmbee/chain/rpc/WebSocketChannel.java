package dev.rmbee.chain.rpc;

import dev.rmbee.async.AsyncResults;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One JDK WebSocket as an {@link RpcChannel}: sends one at a time in order (the JDK refuses a send
 * while another is under way), joins the parts of an inbound text message up to the cap, and
 * reports the end once: a close from the node, an error, a failed send, an oversized message, or
 * {@link #close()}. Binary messages are not part of the protocol and are ignored.
 */
final class WebSocketChannel implements RpcChannel, WebSocket.Listener {

    private final RpcChannel.Listener listener;
    private final int maxMessageChars;
    private final StringBuilder partial = new StringBuilder();

    // guarded by "this"
    private WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean ended;

    WebSocketChannel(RpcChannel.Listener listener, int maxMessageChars) {
        this.listener = listener;
        this.maxMessageChars = maxMessageChars;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        synchronized (this) {
            socket = webSocket;
        }
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (partial.length() + data.length() > maxMessageChars) {
            partial.setLength(0);
            end("a message of more than " + maxMessageChars + " characters", true);
            return null;
        }
        partial.append(data);
        if (last) {
            String message = partial.toString();
            partial.setLength(0);
            listener.message(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end("closed by the node: " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason), false);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end("connection failed: " + AsyncResults.describe(AsyncResults.unwrap(error)), false);
    }

    @Override
    public synchronized void send(String text) {
        if (ended) {
            return;
        }
        WebSocket open = socket;
        sending = sending.thenCompose(ignored -> open.sendText(text, true));
        sending.whenComplete((ignored, error) -> {
            if (error != null) {
                end("send failed: " + AsyncResults.describe(AsyncResults.unwrap(error)), true);
            }
        });
    }

    @Override
    public void close() {
        WebSocket open;
        synchronized (this) {
            open = ended ? null : socket;
        }
        end("closed by the client", false);
        if (open != null) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((ignored, error) -> open.abort());
        }
    }

    private void end(String reason, boolean abort) {
        WebSocket open;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            open = socket;
        }
        if (abort && open != null) {
            open.abort();
        }
        listener.closed(reason);
    }
}
