package dev.rmbee.peer.link;

import dev.rmbee.testing.Await;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.proto.Types.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
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

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

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
            String request = readHead(in);
            String target = request.split(" ", 3)[1];
            String key = header(request, "Sec-WebSocket-Key");
            handshakes.add(target);
            int refusal = refuseWith;
            if (refusal != 0) {
                out.write(("HTTP/1.1 " + refusal + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            String accept = Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-1")
                            .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Connection connection = new Connection(socket, target);
            connections.add(connection);
            connection.read(in);
        } catch (Exception ended) {
            // the client went away or the test dropped the connection
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String header(String request, String name) {
        for (String line : request.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException("no " + name + " header");
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
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write((fin ? 0x80 : 0) | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >> 8);
                frame.write(payload.length);
            } else {
                frame.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    frame.write((int) ((long) payload.length >> shift));
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        void read(InputStream in) throws Exception {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                awaitSpeaking();
                int first = readByte(in);
                int second = readByte(in);
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0F;
                long length = second & 0x7F;
                if (length == 126) {
                    length = (readByte(in) << 8) | readByte(in);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte(in);
                    }
                }
                byte[] mask = in.readNBytes(4);
                byte[] payload = in.readNBytes((int) length);
                if (payload.length != length) {
                    throw new EOFException();
                }
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
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

        private int readByte(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }
    }
}
