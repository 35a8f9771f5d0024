package dev.rmbee.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis client (one command per connection, RESP2) for tests and for the build, which
 * has no {@code redis-cli}: {@code main} waits for the integration tests' redis-server and shuts
 * it down (see the pom's pre- and post-integration-test executions).
 *
 * <pre>
 * RedisControl await &lt;port&gt; &lt;executable&gt;   wait up to 10 s until the redis-server started
 *                                           from that binary answers on 127.0.0.1:&lt;port&gt;
 * RedisControl shutdown &lt;port&gt;             SHUTDOWN NOSAVE (nothing to do when none runs)
 * </pre>
 */
public final class RedisControl {

    private static final String HOST = "127.0.0.1";

    private RedisControl() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("await")) {
            await(Integer.parseInt(args[1]), Path.of(args[2]), 10_000);
        } else if (args.length == 2 && args[0].equals("shutdown")) {
            shutdown(Integer.parseInt(args[1]));
        } else {
            throw new IllegalArgumentException("usage: RedisControl await <port> <executable> | shutdown <port>");
        }
    }

    /**
     * Waits until a redis-server answers on the port, and checks that it is the one started from
     * {@code executable} (not some other Redis that already held the port).
     */
    public static void await(int port, Path executable, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try {
                String info = command(port, "INFO", "server");
                String expected = executable.toRealPath().toString();
                String actual = infoField(info, "executable");
                if (actual == null
                        || !Files.exists(Path.of(actual))
                        || !Path.of(actual).toRealPath().toString().equals(expected)) {
                    throw new IllegalStateException(
                            "port " + port + " is held by another Redis (" + actual + "), not by " + expected);
                }
                return;
            } catch (ConnectException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "no redis-server on port " + port + " after " + timeoutMillis + " ms", e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Asks the server to exit without saving; true when one was running. */
    public static boolean shutdown(int port) throws IOException {
        try {
            command(port, "SHUTDOWN", "NOSAVE");
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (EOFException e) {
            return true; // the server closes the connection instead of answering: it is gone
        }
    }

    /**
     * Sends one command; returns the reply as text (arrays joined with newlines).
     *
     * @throws IllegalStateException on an error reply
     * @throws EOFException when the server closed the connection without a reply
     */
    public static String command(int port, String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return reply(socket.getInputStream());
        }
    }

    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
            case ':':
                return rest;
            case '-':
                throw new IllegalStateException(rest);
            case '$': {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                if (bytes.length < length + 2) {
                    throw new EOFException("connection closed in a reply");
                }
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(rest);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(reply(in));
                }
                return String.join("\n", items);
            }
            default:
                throw new IOException("unexpected reply: " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed without a reply");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(b);
            previous = b;
        }
    }

    private static String infoField(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
