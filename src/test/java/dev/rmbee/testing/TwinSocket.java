package dev.rmbee.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A twin's side of a relay connection for tests and benchmarks: a real WebSocket client (the JDK's)
 * on a real socket, collecting binary messages and the close code.
 */
public final class TwinSocket implements AutoCloseable {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final WebSocket socket;
    private final BlockingQueue<byte[]> received;
    private final CompletableFuture<Integer> closeCode;

    private TwinSocket(WebSocket socket, BlockingQueue<byte[]> received, CompletableFuture<Integer> closeCode) {
        this.socket = socket;
        this.received = received;
        this.closeCode = closeCode;
    }

    /** Connects to {@code relay} (ws://host:port/) with {@code token} as the raw query string. */
    public static TwinSocket connect(URI relay, String token) throws HandshakeRefused, Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        URI uri = URI.create(relay.toString() + (token == null ? "" : "?" + token));
        try {
            WebSocket socket = CLIENT.newWebSocketBuilder()
                    .buildAsync(uri, new Collector(received, closeCode))
                    .get(20, TimeUnit.SECONDS);
            return new TwinSocket(socket, received, closeCode);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                throw new HandshakeRefused(refused.getResponse().statusCode(), body == null ? "" : body.toString());
            }
            throw e;
        }
    }

    public void send(byte[] frame) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
    }

    /** Sends one fragment of a binary message; {@code last} ends the message. */
    public void sendFragment(byte[] fragment, boolean last) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(fragment), last).get(10, TimeUnit.SECONDS);
    }

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** The next binary message, or {@code null} after {@code timeout}. */
    public byte[] receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything received and not yet taken, without waiting. */
    public java.util.List<byte[]> drainReceived() {
        java.util.List<byte[]> all = new java.util.ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The close code the relay sent, waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) throws Exception {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the relay did not close the connection within " + timeout);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
        }
        socket.abort();
    }

    /** The relay refused the upgrade with an HTTP status. */
    public static final class HandshakeRefused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        HandshakeRefused(int status, String body) {
            super("HTTP " + status + " " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final class Collector implements WebSocket.Listener {
        private final BlockingQueue<byte[]> received;
        private final CompletableFuture<Integer> closeCode;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Collector(BlockingQueue<byte[]> received, CompletableFuture<Integer> closeCode) {
            this.received = received;
            this.closeCode = closeCode;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.write(chunk, 0, chunk.length);
            if (last) {
                received.add(partial.toByteArray());
                partial.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
