package dev.rmbee.testing;

import dev.rmbee.wire.proto.Types.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for another relay on 127.0.0.1, as federation sees one: it takes {@code POST /}
 * requests one connection at a time, in the order they connected, records the envelope of each, and
 * answers it with the status {@code answer} gives, or holds the connection open without a word
 * ({@link #HOLD}) so that the sender's request times out. Every connection gets one request and is
 * then closed (or held): since connections are served in order, once a request is recorded every
 * request of an earlier connection is too, which lets a test send a marker and then know what did
 * not come.
 */
public final class RecordingRelay implements AutoCloseable {

    /** The answer that is none: the connection stays open and silent until {@link #close()}. */
    public static final int HOLD = 0;

    private final ServerSocket server;
    private final Function<Envelope, Integer> answer;
    private final List<Envelope> received = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RecordingRelay(ServerSocket server, Function<Envelope, Integer> answer) {
        this.server = server;
        this.answer = answer;
        this.acceptor = new Thread(this::serve, "recording-relay-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** On a free port. */
    public static RecordingRelay start(Function<Envelope, Integer> answer) throws IOException {
        return on(0, answer);
    }

    /** On {@code port} (e.g. that of a relay stopped for the test). */
    public static RecordingRelay on(int port, Function<Envelope, Integer> answer) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return new RecordingRelay(server, answer);
    }

    /** Its domain, as a twin's relay list names it: {@code 127.0.0.1:<port>}. */
    public String domain() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The envelopes posted so far, in the order of their connections. */
    public List<Envelope> received() {
        return List.copyOf(received);
    }

    /** The uids of the envelopes posted so far, in order. */
    public List<String> uids() {
        return received.stream().map(Envelope::getUid).toList();
    }

    /** How many times the envelope {@code uid} was posted so far. */
    public long posts(String uid) {
        return received.stream()
                .filter(envelope -> envelope.getUid().equals(uid))
                .count();
    }

    /** Waits until the envelope {@code uid} was posted at least {@code times} times. */
    public void awaitPosts(String what, String uid, int times) {
        Await.until(what + " (" + uid + " posted " + times + " times to " + domain() + ")", () -> posts(uid) >= times);
    }

    private void serve() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                socket.setSoTimeout(10_000);
                Envelope envelope = Envelope.parseFrom(readBody(socket.getInputStream()));
                received.add(envelope);
                int status = answer.apply(envelope);
                if (status == HOLD) {
                    held.add(socket);
                    continue;
                }
                socket.getOutputStream()
                        .write(("HTTP/1.1 " + status + " Stand-in\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.close();
            } catch (IOException | RuntimeException e) {
                close(socket); // not a whole request (in time): none to record
            }
        }
    }

    /** Reads an HTTP/1.1 request with a Content-Length, returns its body. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = -1;
        List<String> lines =
                new ArrayList<>(List.of(head.toString(StandardCharsets.US_ASCII).split("\r\n")));
        if (lines.isEmpty() || !lines.get(0).startsWith("POST / ")) {
            throw new IOException("not a POST /: " + lines);
        }
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IOException("no Content-Length: " + lines);
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed in the body");
        }
        return body;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every held connection. */
    @Override
    public void close() throws IOException {
        server.close();
        held.forEach(RecordingRelay::close);
        try {
            acceptor.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
