package dev.rmbee.peer;

import dev.rmbee.testing.ServerWebSocketFrames;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relay for the peer's crash test, on a real socket: routes each envelope to its destination
 * twin's mailbox and delivers it at least once, as the product relay does with pong
 * confirmation — after writing an envelope it writes a WebSocket Ping carrying the count written
 * so far, and only the Pong that answers it confirms (removes) what was written before; what is
 * unconfirmed when a connection ends is written again on the twin's next connection. Twins are
 * known by the {@code sub} of their token (not verified: the test's own peers). RFC 6455 without
 * extensions; writes happen under the mailbox's lock, in order.
 */
final class RedeliveringRelay implements AutoCloseable {

    private static final Pattern SUB = Pattern.compile("\"sub\"\\s*:\\s*(\\d+)");

    private final ServerSocket server;
    private final Map<Integer, Mailbox> mailboxes = new ConcurrentHashMap<>();
    /** Envelopes written again on a later connection because no Pong had confirmed them. */
    final AtomicInteger redelivered = new AtomicInteger();

    RedeliveringRelay() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "redelivering-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/";
    }

    @Override
    public void close() throws IOException {
        server.close();
        mailboxes.values().forEach(Mailbox::dropConnection);
    }

    private Mailbox mailbox(int twin) {
        return mailboxes.computeIfAbsent(twin, id -> new Mailbox());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> serve(socket), "redelivering-relay-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        Mailbox mailbox = null;
        Connection connection = null;
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = ServerWebSocketFrames.readHead(in);
            String target = ServerWebSocketFrames.target(head);
            String jwt = target.substring(target.indexOf('?') + 1);
            String claims = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
            Matcher sub = SUB.matcher(claims);
            if (!sub.find()) {
                return;
            }
            int twin = Integer.parseInt(sub.group(1));
            OutputStream out = socket.getOutputStream();
            ServerWebSocketFrames.acceptUpgrade(out, head);
            connection = new Connection(socket, out);
            mailbox = mailbox(twin);
            mailbox.attach(connection);
            read(in, connection, mailbox);
        } catch (Exception ended) {
            // the peer went away (or was killed)
        } finally {
            if (mailbox != null) {
                mailbox.detach(connection);
            }
        }
    }

    private void read(InputStream in, Connection connection, Mailbox mailbox) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            ServerWebSocketFrames.Frame frame = ServerWebSocketFrames.readFrame(in);
            switch (frame.opcode()) {
                case 0, 2 -> {
                    message.write(frame.payload());
                    if (frame.fin()) {
                        route(message.toByteArray());
                        message.reset();
                    }
                }
                case 8 -> throw new EOFException("closed");
                case 9 -> connection.frame(10, frame.payload());
                case 10 -> mailbox.pong(connection, frame.payload());
                default -> {
                    // text: ignored
                }
            }
        }
    }

    private void route(byte[] bytes) throws IOException {
        Envelope envelope = Envelope.parseFrom(bytes);
        if (envelope.hasPing()) {
            mailbox(envelope.getSource().getTwin())
                    .add(RelayEnvelopes.pong(envelope).toByteArray());
            return;
        }
        mailbox(envelope.getDestination().getTwin()).add(bytes);
    }

    /** One twin's envelopes not yet confirmed, and its connection. */
    private final class Mailbox {
        private final Deque<byte[]> unconfirmed = new ArrayDeque<>();
        private Connection current;
        private int written; // of unconfirmed, on the current connection
        private long confirmedCount; // removed from the front since the start
        private boolean pingInFlight;

        synchronized void add(byte[] envelope) {
            unconfirmed.addLast(envelope);
            pump();
        }

        synchronized void attach(Connection connection) {
            dropConnection();
            current = connection;
            redelivered.addAndGet(unconfirmed.size());
            written = 0;
            pingInFlight = false;
            pump();
        }

        synchronized void detach(Connection connection) {
            if (current == connection) {
                current = null;
            }
        }

        synchronized void dropConnection() {
            if (current != null) {
                current.drop();
                current = null;
            }
        }

        synchronized void pong(Connection connection, byte[] payload) {
            if (connection != current || payload.length != Long.BYTES) {
                return;
            }
            long upTo = ByteBuffer.wrap(payload).getLong();
            while (confirmedCount < upTo && !unconfirmed.isEmpty()) {
                unconfirmed.pollFirst();
                confirmedCount++;
                written--;
            }
            pingInFlight = false;
            pump();
        }

        /** Caller holds the lock: writes what is not written yet, then a Ping if none is out. */
        private void pump() {
            if (current == null) {
                return;
            }
            try {
                int index = 0;
                for (byte[] envelope : unconfirmed) {
                    if (index++ >= written) {
                        current.frame(2, envelope);
                        written++;
                    }
                }
                if (written > 0 && !pingInFlight) {
                    current.frame(
                            9,
                            ByteBuffer.allocate(Long.BYTES)
                                    .putLong(0, confirmedCount + written)
                                    .array());
                    pingInFlight = true;
                }
            } catch (IOException e) {
                current.drop();
                current = null;
            }
        }
    }

    /** One accepted socket: frames out, unmasked. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;

        Connection(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        synchronized void frame(int opcode, byte[] payload) throws IOException {
            out.write(ServerWebSocketFrames.frame(true, opcode, payload));
            out.flush();
        }

        void drop() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
    }
}
