package dev.rmbee.bench.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client WebSocket (RFC 6455) on a non-blocking socket, driven by the selector thread of
 * {@link RawSessions}: the upgrade request, the server's 101 answer (its {@code Sec-WebSocket-Accept}
 * checked), masked frames out, the server's frames in. A Ping is answered with a Pong, a Close with
 * a Close, binary messages (fragments joined) go to the {@link Events}. Nothing else: it carries the
 * benchmark's idle sessions, where the JDK's client would cost the client more per connection than
 * the relay.
 */
final class RawSocket {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int OPCODE_CONTINUATION = 0;
    private static final int OPCODE_BINARY = 2;
    private static final int OPCODE_CLOSE = 8;
    private static final int OPCODE_PING = 9;

    /** What a socket reports to its owner; called on the selector thread. */
    interface Events {
        /** The upgrade succeeded: frames can be sent. */
        void opened(RawSocket socket);

        void binary(RawSocket socket, byte[] message);

        /** The socket ended (refused upgrade, I/O failure, Close); {@code wasOpen} after a successful upgrade. */
        void closed(RawSocket socket, boolean wasOpen, String why);
    }

    final int index;
    private final byte[] request;
    private final String accept;
    private final Events events;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private ByteBuffer in = ByteBuffer.allocate(256);
    private ByteArrayOutputStream fragments;
    private SelectionKey key;
    private boolean open;
    private boolean closed;

    /** A socket that will upgrade {@code url} with the query {@code query} (the token). */
    RawSocket(int index, URI url, String query, Events events) {
        this.index = index;
        this.events = events;
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String challenge = Base64.getEncoder().encodeToString(nonce);
        this.accept = acceptFor(challenge);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.request = ("GET " + path + "?" + query + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + challenge
                        + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The socket connected (its key registered): sends the upgrade request. */
    void connected(SelectionKey key) throws IOException {
        this.key = key;
        out.add(ByteBuffer.wrap(request));
        flush();
    }

    /** Sends one masked frame (once open). */
    void send(int opcode, byte[] payload) throws IOException {
        if (closed) {
            return;
        }
        out.add(maskedFrame(opcode, payload));
        flush();
    }

    void sendBinary(byte[] payload) throws IOException {
        send(OPCODE_BINARY, payload);
    }

    /** Writes what waits; asks for a write-ready wake-up if the socket takes no more now. */
    void flush() throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        while (!out.isEmpty()) {
            ByteBuffer next = out.peek();
            channel.write(next);
            if (next.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            out.poll();
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    /** Reads what arrived and handles every whole frame (or the upgrade's answer) in it. */
    void read() throws IOException {
        if (((SocketChannel) key.channel()).read(in) < 0) {
            close(open ? "closed by the server" : "closed before the upgrade's answer");
            return;
        }
        in.flip();
        boolean progress = true;
        while (progress && !closed) {
            progress = open ? frame() : upgradeAnswer();
        }
        in.compact();
        if (!in.hasRemaining()) {
            in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
        }
    }

    /** Ends the socket (once), telling the owner why. */
    void close(String why) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        events.closed(this, open, why);
    }

    private boolean upgradeAnswer() throws IOException {
        String text = StandardCharsets.ISO_8859_1.decode(in.duplicate()).toString();
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        in.position(in.position() + end + 4);
        String head = text.substring(0, end);
        if (!head.startsWith("HTTP/1.1 101")
                || !head.toLowerCase(Locale.ROOT).contains(accept.toLowerCase(Locale.ROOT))) {
            close("upgrade refused: " + head.lines().findFirst().orElse(""));
            return false;
        }
        open = true;
        events.opened(this);
        return true;
    }

    /** Handles one whole frame at the buffer's position; false when it has not fully arrived. */
    private boolean frame() throws IOException {
        int start = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int first = in.get() & 0xFF;
        int second = in.get() & 0xFF;
        long length = second & 0x7F;
        int extra = length == 126 ? 2 : length == 127 ? 8 : 0;
        int mask = (second & 0x80) != 0 ? 4 : 0;
        if (in.remaining() < extra + mask) {
            in.position(start);
            return false;
        }
        if (extra > 0) {
            length = 0;
            for (int i = 0; i < extra; i++) {
                length = (length << 8) | (in.get() & 0xFF);
            }
        }
        byte[] maskKey = new byte[mask];
        in.get(maskKey);
        if (in.remaining() < length) {
            in.position(start);
            return false;
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        for (int j = 0; mask > 0 && j < payload.length; j++) {
            payload[j] ^= maskKey[j % 4]; // servers do not mask; tolerated anyway
        }
        handle((first & 0x80) != 0, first & 0x0F, payload);
        return true;
    }

    private void handle(boolean fin, int opcode, byte[] payload) throws IOException {
        switch (opcode) {
            case OPCODE_PING -> send(0xA, payload);
            case OPCODE_CLOSE -> {
                send(OPCODE_CLOSE, payload);
                close("closed by the server");
            }
            case OPCODE_CONTINUATION, OPCODE_BINARY, 1 -> message(opcode, fin, payload);
            default -> {} // a Pong: nothing asked for it
        }
    }

    private void message(int opcode, boolean fin, byte[] payload) {
        if (opcode != OPCODE_CONTINUATION) {
            fragments = new ByteArrayOutputStream();
        }
        if (fragments == null) {
            return; // a continuation of nothing
        }
        fragments.writeBytes(payload);
        if (fin) {
            byte[] message = fragments.toByteArray();
            fragments = null;
            events.binary(this, message);
        }
    }

    private static ByteBuffer maskedFrame(int opcode, byte[] payload) {
        int extra = payload.length < 126 ? 0 : payload.length < 65536 ? 2 : 8;
        ByteBuffer frame = ByteBuffer.allocate(2 + extra + 4 + payload.length);
        frame.put((byte) (0x80 | opcode));
        if (extra == 0) {
            frame.put((byte) (0x80 | payload.length));
        } else if (extra == 2) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        return frame.flip();
    }

    private static String acceptFor(String challenge) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest((challenge + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1", e);
        }
    }
}
