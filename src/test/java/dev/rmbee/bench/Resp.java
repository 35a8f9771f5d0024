package dev.rmbee.bench;

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
import java.util.ArrayList;
import java.util.List;

/**
 * A small blocking Redis connection (RESP2) for the peer benchmark's clients and services, who act
 * like the reference's local programs: one command at a time on their own connection, BRPOP to
 * wait, LPUSH to send. Kept lighter than Redisson on purpose, so that the load generator's CPU stays
 * small next to the peers' (which use Redisson, as in production). Loopback only.
 */
final class Resp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to 127.0.0.1:{@code port} and selects {@code database}. */
    Resp(int port, int database) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        if (database != 0) {
            command("SELECT", Integer.toString(database));
        }
    }

    /** Sends one command and returns its reply: String, Long, byte[] (bulk), List, or null. */
    Object command(Object... args) throws IOException {
        write(args);
        out.flush();
        return read();
    }

    /** {@code LPUSH list value}: the list's new length. */
    long lpush(String list, byte[] value) throws IOException {
        return (Long) command("LPUSH", list, value);
    }

    /** {@code BRPOP list seconds}: the value, or null after the timeout. */
    byte[] brpop(String list, int seconds) throws IOException {
        Object reply = command("BRPOP", list, Integer.toString(seconds));
        if (reply == null) {
            return null;
        }
        return (byte[]) ((List<?>) reply).get(1);
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
            throw new EOFException("Redis closed the connection");
        }
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis error: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length || in.read() != '\r' || in.read() != '\n') {
                    throw new EOFException("truncated bulk reply");
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
                throw new EOFException("Redis closed the connection");
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
