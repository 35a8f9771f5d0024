package dev.rmbee.testing;

import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A twin's side of a relay connection for tests and benchmarks: a real WebSocket client (the JDK's)
 * on a real socket, collecting binary messages and the close code. Tests take what arrived with
 * {@link #nextEnvelope(String)} (or {@link #next(String)} for raw bytes) and {@link #collect(String,
 * int)}, which fail naming what they expected when it does not come within {@link #WAIT}; a bound
 * on a hang, not a claim about speed. Nothing here waits to show that something did <em>not</em>
 * arrive: for that, send a later marker through the same path and check that it comes first.
 */
public final class TwinSocket implements AutoCloseable {

    /** How long {@link #next(String)} and the other takes wait unless told otherwise. */
    public static final Duration WAIT = Await.DEFAULT_TIMEOUT;

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Every known client sends something at least every 20 s; so does this one, a WebSocket ping. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private static final ScheduledExecutorService PINGS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "twin-socket-pings");
        thread.setDaemon(true);
        return thread;
    });

    private final WebSocket socket;
    private final BlockingQueue<byte[]> received;
    private final CompletableFuture<Integer> closeCode;
    private final AtomicReference<String> closeReason;
    private final ScheduledFuture<?> keepAlive;

    private TwinSocket(
            WebSocket socket,
            BlockingQueue<byte[]> received,
            CompletableFuture<Integer> closeCode,
            AtomicReference<String> closeReason) {
        this.socket = socket;
        this.received = received;
        this.closeCode = closeCode;
        this.closeReason = closeReason;
        long period = KEEP_ALIVE.toMillis();
        this.keepAlive = PINGS.scheduleAtFixedRate(this::ping, period, period, TimeUnit.MILLISECONDS);
        closeCode.whenComplete((code, failure) -> keepAlive.cancel(false));
    }

    private void ping() {
        try {
            socket.sendPing(ByteBuffer.allocate(0));
        } catch (IllegalStateException previousPingStillOutstanding) {
            // the relay is not reading: the next round tries again
        }
    }

    /** Connects to {@code relay} (ws://host:port/) with {@code token} as the raw query string. */
    public static TwinSocket connect(URI relay, String token) throws HandshakeRefused, Exception {
        return connect(CLIENT, relay, token);
    }

    /**
     * Connects to {@code relay} over TLS ({@code wss://host:port/}) as {@code session}, trusting what
     * {@code tls} trusts (e.g. {@link TestTls#trustingTheTestCertificate()}).
     */
    public static TwinSocket connectAs(URI relay, SessionKey session, SSLContext tls)
            throws HandshakeRefused, Exception {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(tls)
                .build();
        return connect(client, relay, TestTwins.token(session));
    }

    private static TwinSocket connect(HttpClient client, URI relay, String token) throws HandshakeRefused, Exception {
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        AtomicReference<String> closeReason = new AtomicReference<>();
        URI uri = URI.create(relay.toString() + (token == null ? "" : "?" + token));
        try {
            WebSocket socket = client.newWebSocketBuilder()
                    .buildAsync(uri, new Collector(received, closeCode, closeReason))
                    .get(20, TimeUnit.SECONDS);
            return new TwinSocket(socket, received, closeCode, closeReason);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                Object body = refused.getResponse().body();
                throw new HandshakeRefused(refused.getResponse().statusCode(), body == null ? "" : body.toString());
            }
            throw e;
        }
    }

    /** Connects to {@code relay} as {@code session}, with a fresh token of its test key ({@link TestTwins#token}). */
    public static TwinSocket connectAs(URI relay, SessionKey session) throws HandshakeRefused, Exception {
        return connect(relay, TestTwins.token(session));
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

    /** Sends an envelope. */
    public void send(Envelope envelope) throws Exception {
        send(envelope.toByteArray());
    }

    /** The next binary message, waiting up to {@link #WAIT}; fails naming {@code expected} when none came. */
    public byte[] next(String expected) throws InterruptedException {
        return next(expected, WAIT);
    }

    /** The next binary message, waiting up to {@code timeout}; fails naming {@code expected} when none came. */
    public byte[] next(String expected, Duration timeout) throws InterruptedException {
        byte[] message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("nothing arrived within " + timeout + ", expected: " + expected
                    + (isClosed() ? " (the connection was closed with " + closeCode.join() + ")" : ""));
        }
        return message;
    }

    /** The next binary message if one is there, without waiting: to {@link Await} the first of several sockets. */
    public Optional<byte[]> poll() {
        return Optional.ofNullable(received.poll());
    }

    /** The next message as an envelope, waiting up to {@link #WAIT}; fails naming {@code expected}. */
    public Envelope nextEnvelope(String expected) throws Exception {
        return nextEnvelope(expected, WAIT);
    }

    /** The next message as an envelope, waiting up to {@code timeout}; fails naming {@code expected}. */
    public Envelope nextEnvelope(String expected, Duration timeout) throws Exception {
        return Envelope.parseFrom(next(expected, timeout));
    }

    /** The next {@code count} envelopes, waiting up to {@link #WAIT} for all; fails naming {@code expected}. */
    public List<Envelope> collect(String expected, int count) throws Exception {
        return collectUntil(expected, envelopes -> envelopes.size() >= count, WAIT);
    }

    /**
     * Envelopes in arrival order until {@code done} holds for those taken so far, waiting up to
     * {@code timeout} in all; fails naming {@code expected} (and how many came) when it does not.
     */
    public List<Envelope> collectUntil(String expected, Predicate<? super List<Envelope>> done, Duration timeout)
            throws Exception {
        List<Envelope> envelopes = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(envelopes)) {
            byte[] message = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("within " + timeout + " only " + envelopes.size()
                        + " envelopes arrived, expected: " + expected);
            }
            envelopes.add(Envelope.parseFrom(message));
        }
        return envelopes;
    }

    /** Everything received and not yet taken, without waiting (e.g. after {@link #close()}). */
    public List<byte[]> drainReceived() {
        List<byte[]> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /** The close code the relay sent, waiting up to {@link #WAIT}. */
    public int awaitClose() throws Exception {
        return awaitClose(WAIT);
    }

    /** The close code the relay sent, waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) throws Exception {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the relay did not close the connection within " + timeout);
        }
    }

    /** The reason of the relay's close frame, waiting up to {@link #WAIT} for it. */
    public String awaitCloseReason() throws Exception {
        awaitClose();
        return closeReason.get();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        keepAlive.cancel(false);
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
        private final AtomicReference<String> closeReason;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Collector(
                BlockingQueue<byte[]> received,
                CompletableFuture<Integer> closeCode,
                AtomicReference<String> closeReason) {
            this.received = received;
            this.closeCode = closeCode;
            this.closeReason = closeReason;
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
            closeReason.set(reason);
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
