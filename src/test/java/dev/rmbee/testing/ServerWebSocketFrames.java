package dev.rmbee.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server side of RFC 6455 on a raw socket, for fake relays that must control every frame (when
 * a Pong is written, a connection that stops reading): the upgrade request's head, the 101 answer,
 * the client's masked frames in and unmasked frames out.
 */
public final class ServerWebSocketFrames {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** A frame a client sent, its payload unmasked. */
    public record Frame(boolean fin, int opcode, byte[] payload) {}

    private ServerWebSocketFrames() {}

    /** The upgrade request up to and including its blank line. */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(readByte(in));
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The request target of an upgrade request's head ({@code /?<token>}). */
    public static String target(String head) {
        return head.split(" ", 3)[1];
    }

    /** A header's value in the head; fails when it is missing. */
    public static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IllegalStateException("no " + name + " header");
    }

    /** Writes the 101 answer that completes the upgrade the head asked for. */
    public static void acceptUpgrade(OutputStream out, String head) throws IOException {
        byte[] key = (header(head, "Sec-WebSocket-Key") + GUID).getBytes(StandardCharsets.US_ASCII);
        String accept = Base64.getEncoder().encodeToString(sha1(key));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The bytes of one unmasked frame, as a server writes it. */
    public static byte[] frame(boolean fin, int opcode, byte[] payload) {
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
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    /** The client's next (masked) frame; {@link EOFException} when the socket ends first. */
    public static Frame readFrame(InputStream in) throws IOException {
        int first = readByte(in);
        int second = readByte(in);
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
        return new Frame((first & 0x80) != 0, first & 0x0F, payload);
    }

    private static int readByte(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static byte[] sha1(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
