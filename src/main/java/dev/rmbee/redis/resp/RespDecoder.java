package dev.rmbee.redis.resp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes RESP2 replies from bytes that arrive in pieces of any size: {@link #feed} what was read,
 * then take {@link #next} until it answers {@link #INCOMPLETE}. A reply is a {@link String} (simple
 * string), a {@link RespError} (error reply), a {@link Long} (integer), a {@code byte[]} (bulk
 * string), a {@link List} (array, elements of these kinds) or {@code null} (null bulk string or
 * array). Not thread-safe: one reader owns it.
 */
final class RespDecoder {

    /** What {@link #next} answers while the bytes fed so far hold no whole reply. */
    static final Object INCOMPLETE = new Object();

    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private int at; // the parse position while a reply is being decoded

    /** Adds {@code length} bytes from {@code bytes} at {@code offset} after those not yet decoded. */
    void feed(byte[] bytes, int offset, int length) {
        if (end + length > buffer.length) {
            int kept = end - start;
            if (kept + length > buffer.length) {
                buffer = Arrays.copyOfRange(buffer, start, Math.max(buffer.length * 2, kept + length));
            } else {
                System.arraycopy(buffer, start, buffer, 0, kept);
            }
            start = 0;
            end = kept;
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    /**
     * The next whole reply, or {@link #INCOMPLETE} (nothing consumed) when its bytes have not all
     * arrived yet.
     *
     * @throws IOException when the bytes are not RESP2: the connection must be dropped
     */
    Object next() throws IOException {
        at = start;
        Object reply = reply();
        if (reply != INCOMPLETE) {
            start = at;
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
        return reply;
    }

    private Object reply() throws IOException {
        if (at >= end) {
            return INCOMPLETE;
        }
        byte type = buffer[at++];
        int lineEnd = lineEnd();
        if (lineEnd < 0) {
            return INCOMPLETE;
        }
        String line = new String(buffer, at, lineEnd - at, StandardCharsets.UTF_8);
        at = lineEnd + 2;
        return switch (type) {
            case '+' -> line;
            case '-' -> new RespError(line);
            case ':' -> number(line);
            case '$' -> bulk((int) number(line));
            case '*' -> array((int) number(line));
            default -> throw new IOException("redis protocol error: reply starts with byte " + (type & 0xff));
        };
    }

    private Object bulk(int length) {
        if (length < 0) {
            return null;
        }
        if (end - at < length + 2) {
            return INCOMPLETE;
        }
        byte[] value = Arrays.copyOfRange(buffer, at, at + length);
        at += length + 2;
        return value;
    }

    private Object array(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            Object element = reply();
            if (element == INCOMPLETE) {
                return INCOMPLETE;
            }
            elements.add(element);
        }
        return elements;
    }

    /** The index of the {@code \r} of the {@code \r\n} ending the line at {@link #at}, or -1. */
    private int lineEnd() {
        for (int i = at; i + 1 < end; i++) {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long number(String line) throws IOException {
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IOException("redis protocol error: '" + line + "' is no number", e);
        }
    }
}
