package dev.rmbee.bench.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket upgrade attempt over a plain socket: {@code GET /?token} with the upgrade headers,
 * the response read up to the end of its headers. Cheaper for the client than the JDK's WebSocket
 * client, which matters on a machine whose cores the server shares. A refused attempt's socket is
 * reset (no TIME_WAIT on either side, so a flood does not run out of ports); an accepted one is
 * kept open as a relay session until {@link #close()}.
 */
final class Upgrade implements AutoCloseable {
    private static final byte[] END = {'\r', '\n', '\r', '\n'};

    /** The HTTP status (-1: no answer), and how long connect, request and response took. */
    final int status;

    final long nanos;
    private final Socket socket;

    private Upgrade(int status, long nanos, Socket socket) {
        this.status = status;
        this.nanos = nanos;
        this.socket = socket;
    }

    /** Attempts an upgrade with {@code token} on 127.0.0.1:{@code port}; keeps the socket when it is 101 and {@code keep}. */
    static Upgrade attempt(int port, String token, boolean keep) {
        long t0 = System.nanoTime();
        Socket socket = new Socket();
        int status = -1;
        try {
            socket.setSoLinger(true, 0);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request(port, token));
            out.flush();
            status = readStatus(socket.getInputStream());
        } catch (IOException e) {
            status = -1;
        }
        long nanos = System.nanoTime() - t0;
        if (status == 101 && keep) {
            return new Upgrade(status, nanos, socket);
        }
        closeQuietly(socket);
        return new Upgrade(status, nanos, null);
    }

    private static byte[] request(int port, String token) {
        return ("GET /?" + token + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + port + "\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The status code of the response, its headers read to their end (-1 when the connection ends first). */
    private static int readStatus(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int matched = 0;
        while (matched < END.length) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            head.append((char) b);
            matched = b == END[matched] ? matched + 1 : (b == END[0] ? 1 : 0);
        }
        String[] statusLine = head.substring(0, head.indexOf("\r\n")).split(" ");
        return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }

    @Override
    public void close() {
        if (socket != null) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // reset anyway
        }
    }
}
