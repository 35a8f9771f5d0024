package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's HTTP/1.1 against answers written byte for byte by a raw socket server on
 * 127.0.0.1: chunked and unframed bodies, interim answers, connections the relay closes.
 */
class HttpRemoteRelayClientAnswersIT {

    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "relay-client-answers-test");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpRemoteRelayClient client =
            new HttpRemoteRelayClient("http", executor, Await.DEFAULT_TIMEOUT, Await.DEFAULT_TIMEOUT);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private int post(String domain, byte[] body) throws Exception {
        return client.post(domain, body)
                .toCompletableFuture()
                .get(2 * Await.DEFAULT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aChunkedAnswerIsSkippedAndTheConnectionKept() throws Exception {
        try (RawRelay relay = new RawRelay(
                "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nTrailer: t\r\n\r\n",
                "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnot")) {
            assertEquals(202, post(relay.domain(), new byte[] {1, 2}));
            assertEquals(404, post(relay.domain(), new byte[] {3}));
            assertEquals(1, relay.connections(), "both on one connection");
            assertArrayEquals(new byte[] {3}, relay.bodies().get(1));
            assertEquals(1, client.idleConnections(relay.domain()));
        }
    }

    @Test
    void anInterimAnswerIsFollowedByTheFinalOne() throws Exception {
        try (RawRelay relay =
                new RawRelay("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")) {
            assertEquals(202, post(relay.domain(), new byte[] {1}));
        }
    }

    @Test
    void connectionCloseAndUnframedAnswersAreNotReused() throws Exception {
        try (RawRelay relay = new RawRelay(
                "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.0 503 Busy\r\n\r\nunframed, up to the end")) {
            relay.closeAfterEachAnswer();
            assertEquals(202, post(relay.domain(), new byte[] {1}));
            assertEquals(0, client.idleConnections(relay.domain()));
            assertEquals(503, post(relay.domain(), new byte[] {2}));
            assertEquals(0, client.idleConnections(relay.domain()));
            assertEquals(2, relay.connections());
        }
    }

    @Test
    void aPooledConnectionTheRelayClosedIsReplacedOnce() throws Exception {
        try (RawRelay relay = new RawRelay("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")) {
            relay.closeAfterEachAnswer(); // without saying so: the pooled connection is stale
            assertEquals(202, post(relay.domain(), new byte[] {1}));
            Await.until("the relay closed the first connection", () -> relay.closed() == 1);
            assertEquals(202, post(relay.domain(), new byte[] {2}));
            assertEquals(2, relay.connections());
            assertArrayEquals(new byte[] {2}, relay.bodies().get(1));
        }
    }

    @Test
    void somethingElseThanHttpFailsThePost() throws Exception {
        try (RawRelay relay = new RawRelay("SSH-2.0-OpenSSH\r\n\r\n")) {
            ExecutionException failure =
                    assertThrows(ExecutionException.class, () -> post(relay.domain(), new byte[] {1}));
            assertInstanceOf(IOException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().contains("not an HTTP/1.x answer"));
        }
    }

    /** Reads requests framed by Content-Length and writes the scripted answers (the last one for ever after). */
    private static final class RawRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ArrayDeque<String> answers = new ArrayDeque<>();
        private final List<byte[]> bodies = new ArrayList<>();
        private final Thread acceptor;
        private String last;
        private int connections;
        private int closed;
        private volatile boolean closeAfterEach;

        RawRelay(String... answers) throws IOException {
            this.answers.addAll(List.of(answers));
            this.last = answers[answers.length - 1];
            acceptor = new Thread(this::accept, "raw-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        void closeAfterEachAnswer() {
            closeAfterEach = true;
        }

        String domain() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        synchronized int connections() {
            return connections;
        }

        synchronized int closed() {
            return closed;
        }

        synchronized List<byte[]> bodies() {
            return List.copyOf(bodies);
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    synchronized (this) {
                        connections++;
                    }
                    serve(socket);
                } catch (IOException e) {
                    // the test closed the server, or the client the connection
                }
                synchronized (this) {
                    closed++;
                }
            }
        }

        private void serve(Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            while (true) {
                String head = head(in);
                if (head == null) {
                    return;
                }
                int length = 0;
                for (String line : head.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                String answer;
                synchronized (this) {
                    bodies.add(body);
                    answer = answers.isEmpty() ? last : answers.poll();
                }
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                if (closeAfterEach) {
                    return;
                }
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
