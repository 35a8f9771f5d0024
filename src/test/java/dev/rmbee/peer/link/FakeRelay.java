package dev.rmbee.peer.link;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.ServerWebSocketFrames;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal WebSocket server (RFC 6455, no extensions) on a real socket, standing in for a relay
 * in the link tests: it records each handshake's request target (with the token), collects the
 * binary messages it receives, answers Ping frames and envelope Pings like a relay, and can be
 * told to refuse upgrades, to go silent (a half-open connection) or to drop its connections. The
 * counters count what it received and answered, so that a test can wait for them.
 */
final class FakeRelay implements AutoCloseable {

    private final ServerSocket server;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    final BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();
    final AtomicInteger pingFrames = new AtomicInteger();
    final AtomicInteger envelopePings = new AtomicInteger();
    /** Envelope Pongs written back: each one after the Pong's last byte went out. */
    final AtomicInteger envelopePongs = new AtomicInteger();

    volatile int refuseWith; // an HTTP status to refuse upgrades with, 0 to accept
    volatile boolean answerEnvelopePings = true;
    private final Object speaking = new Object();
    private boolean silent; // guarded by speaking

    FakeRelay() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-relay-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/";
    }

    /** The connection that opened {@code index}-th (from 0), waiting for it. */
    Connection connection(int index) {
        Await.until("connection " + index + " to " + url(), () -> connections.size() > index);
        return connections.get(index);
    }

    /**
     * Silent: its connections neither read nor answer, what a half-open connection looks like
     * (their readers wait until it speaks again); false: they go on.
     */
    void silent(boolean silent) {
        synchronized (speaking) {
            this.silent = silent;
            speaking.notifyAll();
        }
    }

    private boolean isSilent() {
        synchronized (speaking) {
            return silent;
        }
    }

    /** Returns once the relay is not silent (at once when it is not). */
    private void awaitSpeaking() throws InterruptedException {
        synchronized (speaking) {
            while (silent) {
                speaking.wait(); // not reading: the client's frames pile up unanswered
            }
        }
    }

    int connectionCount() {
        return connections.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection connection : connections) {
            connection.drop();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> serve(socket), "fake-relay-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = ServerWebSocketFrames.readHead(in);
            String target = ServerWebSocketFrames.target(head);
            handshakes.add(target);
            int refusal = refuseWith;
            if (refusal != 0) {
                out.write(("HTTP/1.1 " + refusal + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            ServerWebSocketFrames.acceptUpgrade(out, head);
            Connection connection = new Connection(socket, target);
            connections.add(connection);
            connection.read(in);
        } catch (Exception ended) {
            // the client went away or the test dropped the connection
        }
    }

    /** One accepted WebSocket. */
    final class Connection {
        final String target;
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        volatile int closeCode = -1;
        private final Socket socket;
        private final OutputStream out;

        Connection(Socket socket, String target) throws IOException {
            this.socket = socket;
            this.target = target;
            this.out = socket.getOutputStream();
        }

        /** The token the client sent: the whole query of its request target. */
        String token() {
            return target.substring(target.indexOf('?') + 1);
        }

        /** The next message the client sent (envelope Pings aside), waiting for it. */
        byte[] receive() {
            return Await.value(
                    "a message from the link on this connection", () -> Optional.ofNullable(received.poll()));
        }

        void sendBinary(byte[] message) throws IOException {
            frame(true, 2, message);
        }

        /** One message in several frames. */
        void sendFragments(byte[]... parts) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                frame(i == parts.length - 1, i == 0 ? 2 : 0, parts[i]);
            }
        }

        void sendClose(int code) throws IOException {
            frame(true, 8, new byte[] {(byte) (code >> 8), (byte) code});
        }

        /** Ends the TCP connection without a WebSocket close. */
        void drop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }

        boolean isOpen() {
            return !socket.isClosed();
        }

        private synchronized void frame(boolean fin, int opcode, byte[] payload) throws IOException {
            out.write(ServerWebSocketFrames.frame(fin, opcode, payload));
            out.flush();
        }

        void read(InputStream in) throws Exception {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                awaitSpeaking();
                ServerWebSocketFrames.Frame frame = ServerWebSocketFrames.readFrame(in);
                boolean fin = frame.fin();
                int opcode = frame.opcode();
                byte[] payload = frame.payload();
                switch (opcode) {
                    case 0, 2 -> {
                        message.write(payload);
                        if (fin) {
                            byte[] whole = message.toByteArray();
                            message.reset();
                            onMessage(whole);
                        }
                    }
                    case 8 -> {
                        closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        frame(true, 8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                        return;
                    }
                    case 9 -> {
                        pingFrames.incrementAndGet();
                        if (!isSilent()) {
                            frame(true, 10, payload);
                        }
                    }
                    default -> {
                        // pong or text: nothing to do
                    }
                }
            }
        }

        private void onMessage(byte[] whole) throws IOException {
            Envelope envelope = null;
            try {
                envelope = Envelope.parseFrom(whole);
            } catch (IOException notAnEnvelope) {
                // collected as it is
            }
            if (envelope != null && envelope.getMessageCase() == Envelope.MessageCase.PING) {
                envelopePings.incrementAndGet();
                if (answerEnvelopePings && !isSilent()) {
                    sendBinary(RelayEnvelopes.pong(envelope).toByteArray()); // as the relay answers
                    envelopePongs.incrementAndGet();
                }
                return;
            }
            received.add(whole);
        }
    }
}
