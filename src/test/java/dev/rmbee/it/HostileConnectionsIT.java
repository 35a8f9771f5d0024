package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Relay 2 against what a raw socket can send and a java.net client refuses to: request paths with
 * characters no URI allows answer 400 or 404 without a stack trace in the log, and connections that
 * stop half-way (an upgrade's headers, a WebSocket frame) or never answer the relay's Ping are closed
 * by the server. Relay 2 runs with short timeouts for this (the pom: {@code http.read.timeout} 10 s,
 * {@code rmb.relay.idle-timeout} 45 s); the waits below bound a hang, they claim no speed.
 */
class HostileConnectionsIT {

    private static final String HOST = "127.0.0.1";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(300);
    private static final int MARKER_TWIN = 4250;

    private static final List<String> PATHS = List.of(
            "/{",
            "/}",
            "/a|b",
            "/a^b",
            "/a`b",
            "/a\"b",
            "/a<b",
            "/a>b",
            "/%ff",
            "/%c0%af",
            "/%zz",
            "/admin/twins/${jndi:ldap://127.0.0.1/a}",
            "/admin/twins/{",
            "/?x=1/{",
            "/metrics/{",
            "/metrics/x");

    @Test
    void pathsNoUriAllowsAnswer400Or404WithoutAStackTraceInTheLog() throws Exception {
        Path log = EmbeddedRelayServer.directory().resolve("logs/messages.log");
        Path ffdc = EmbeddedRelayServer.directory().resolve("logs/ffdc");
        long logStart = Files.size(log);
        long incidents = count(ffdc);
        String run = Uids.next();
        for (int round = 0; round < 10; round++) {
            // Liberty refuses a raw backslash itself, and logged each new such path with a stack trace
            List<String> paths = new ArrayList<>(PATHS);
            paths.add("/a\\" + run + "-" + round);
            for (String path : paths) {
                for (int port : new int[] {EmbeddedRelayServer.PORT, EmbeddedRelayServer.adminPort()}) {
                    String status =
                            statusLine(port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    assertTrue(
                            status.startsWith("HTTP/1.1 400") || status.startsWith("HTTP/1.1 404"),
                            "GET " + path + " on " + port + ": " + status);
                }
            }
        }
        String written = untilMarker(log, logStart);
        List<String> traces = written.lines()
                .filter(line -> line.startsWith("\tat ") || line.contains("Exception"))
                .toList();
        assertEquals(List.of(), traces, "stack traces or exceptions in messages.log");
        assertTrue(
                written.lines().count() < 20,
                (PATHS.size() + 1) * 20 + " bad requests wrote "
                        + written.lines().count() + " lines:\n" + written);
        assertEquals(incidents, count(ffdc), "FFDC incidents");
    }

    @Test
    void halfAnUpgradeAndAnUnfinishedFrameAreClosedByTheServer() throws Exception {
        try (Socket halfUpgrade = new Socket(HOST, EmbeddedRelayServer.PORT);
                Socket unfinishedFrame = upgraded(new SessionKey(1, "hostile-" + Uids.next()))) {
            halfUpgrade
                    .getOutputStream()
                    .write(("GET /?" + TestTwins.token(new SessionKey(2, "hostile-" + Uids.next()))
                                    + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            // a masked binary frame that announces 100 bytes, of which 10 come
            unfinishedFrame.getOutputStream().write(new byte[] {(byte) 0x82, (byte) (0x80 | 100), 1, 2, 3, 4});
            unfinishedFrame.getOutputStream().write(new byte[10]);

            awaitClosed("the half upgrade", halfUpgrade);
            awaitClosed("the unfinished frame", unfinishedFrame);
        }
    }

    @Test
    void aTwinThatNeverAnswersTheRelaysPingIsPingedThenClosed() throws Exception {
        try (Socket mute = upgraded(new SessionKey(1, "mute-" + Uids.next()))) {
            mute.setSoTimeout(1000);
            InputStream in = mute.getInputStream();
            int[] first = {-1};
            Await.until(
                    "a first frame from the relay",
                    () -> {
                        try {
                            first[0] = in.read();
                            return true;
                        } catch (SocketTimeoutException e) {
                            return false;
                        }
                    },
                    CLOSE_WAIT);
            assertEquals(0x89, first[0], "a Ping (0x89) comes before the close");
            awaitClosed("the twin that never answered", mute);
        }
    }

    /** A socket whose WebSocket upgrade as {@code session} succeeded. */
    private static Socket upgraded(SessionKey session) throws IOException {
        Socket socket = new Socket(HOST, EmbeddedRelayServer.PORT);
        socket.getOutputStream()
                .write(("GET /?" + TestTwins.token(session) + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        String head = head(socket.getInputStream());
        assertTrue(head.startsWith("HTTP/1.1 101"), head);
        return socket;
    }

    /**
     * Reads until the server closes the connection or starts the WebSocket closing handshake (what it
     * sends before, such as a 408, is skipped), within {@link #CLOSE_WAIT}.
     */
    private static void awaitClosed(String what, Socket socket) throws IOException {
        socket.setSoTimeout(1000);
        InputStream in = socket.getInputStream();
        Await.until(
                what + " closed by the server",
                () -> {
                    byte[] received = new byte[1024];
                    try {
                        int read = in.read(received);
                        // the end of the stream, or the server's WebSocket Close frame (0x88)
                        return read < 0 || (read > 0 && received[0] == (byte) 0x88);
                    } catch (SocketTimeoutException e) {
                        return false;
                    } catch (IOException e) {
                        return true; // reset
                    }
                },
                CLOSE_WAIT);
    }

    private static String statusLine(int port, String request) throws IOException {
        try (Socket socket = new Socket(HOST, port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = head(socket.getInputStream());
            return head.lines().findFirst().orElse("(nothing)");
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * What relay 2 wrote to its log from {@code start} up to a marker line: the audit line of a
     * twin added and deleted through the admin API after the requests, so everything the requests
     * caused is written by then.
     */
    private static String untilMarker(Path log, long start) throws Exception {
        RelayAdmin admin = RelayAdmin.of(HOST + ":" + EmbeddedRelayServer.adminPort());
        admin.putTwin(MARKER_TWIN, List.of("localhost"));
        admin.deleteTwin(MARKER_TWIN);
        String marker = "twin " + MARKER_TWIN + " deleted";
        return Await.value("the marker '" + marker + "' in " + log, () -> {
            String text = tail(log, start);
            int at = text.indexOf(marker);
            return at < 0 ? Optional.<String>empty() : Optional.of(text.substring(0, at));
        });
    }

    private static String tail(Path log, long start) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(
                all, (int) Math.min(start, all.length), (int) Math.max(0, all.length - start), StandardCharsets.UTF_8);
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }
}
