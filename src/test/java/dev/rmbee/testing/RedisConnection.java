package dev.rmbee.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' one Redis client (RESP2, loopback only): a blocking connection, one command at a time.
 * {@link RedisControl#command} sends single commands over one; the peer benchmark's clients and
 * services hold their own, like the reference's local programs (BRPOP to wait, LPUSH to send), kept
 * lighter than Redisson on purpose so that the load generator's CPU stays small next to the peers'.
 */
public final class RedisConnection implements AutoCloseable {

    /** How long a reply may take unless told otherwise: above any BRPOP timeout the benchmark uses. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to 127.0.0.1:{@code port} and selects {@code database}. */
    public RedisConnection(int port, int database) throws IOException {
        this(port, database, DEFAULT_READ_TIMEOUT);
    }

    /**
     * Connects to 127.0.0.1:{@code port} and selects {@code database}; a reply that takes longer
     * than {@code readTimeout} fails the command.
     *
     * @throws java.net.ConnectException when nothing listens on the port
     */
    public RedisConnection(int port, int database, Duration readTimeout) throws IOException {
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout((int) readTimeout.toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            if (database != 0) {
                command("SELECT", Integer.toString(database));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Sends one command (arguments: {@code byte[]} as they are, anything else as UTF-8 text) and
     * returns its reply: String (simple string), Long (integer), byte[] (bulk string), List (array)
     * or null (nil bulk string or nil array, e.g. a BRPOP that timed out).
     *
     * @throws IllegalStateException on an error reply, with Redis's text
     * @throws EOFException when the server closed the connection without (a whole) reply
     */
    public Object command(Object... args) throws IOException {
        write(args);
        out.flush();
        return read();
    }

    /** {@code LPUSH list value}: the list's new length. */
    public long lpush(String list, byte[] value) throws IOException {
        return (Long) command("LPUSH", list, value);
    }

    /** {@code BRPOP list seconds}: the value, or null after the timeout. */
    public byte[] brpop(String list, int seconds) throws IOException {
        Object reply = command("BRPOP", list, Integer.toString(seconds));
        if (reply == null) {
            return null;
        }
        return (byte[]) ((List<?>) reply).get(1);
    }

    /** A reply as text: bulk strings as UTF-8, integers in decimal, arrays joined with newlines. */
    public static String text(Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[] bulk) {
            return new String(bulk, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> items) {
            List<String> texts = new ArrayList<>(items.size());
            for (Object item : items) {
                texts.add(text(item));
            }
            return String.join("\n", texts);
        }
        return reply.toString();
    }

    private void write(Object[] args) throws IOException {
        out.write('*');
        out.write(ascii(args.length));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] raw ? raw : arg.toString().getBytes(StandardCharsets.UTF_8);
            out.write('$');
            out.write(ascii(bytes.length));
            out.write(bytes);
            out.write('\r');
            out.write('\n');
        }
    }

    private static byte[] ascii(long number) {
        return (number + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection without a reply");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("Redis closed the connection in a bulk reply");
                }
                return data;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream(16);
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new EOFException("Redis closed the connection in a reply");
            }
            text.write(c);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed reply line");
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
