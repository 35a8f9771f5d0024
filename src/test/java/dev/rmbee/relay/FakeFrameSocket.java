package dev.rmbee.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A socket in memory: records what the relay writes (binary messages with their completions, pings
 * with their counts) and how it was closed; a test completes or fails the writes.
 */
final class FakeFrameSocket implements FrameSocket {

    /** One binary write the relay started, with its completion. */
    record Write(byte[] bytes, Consumer<Throwable> done) {}

    final List<Write> writes = new ArrayList<>();
    /** The confirmation pings written, by the count each carries. */
    final List<Long> pings = new ArrayList<>();
    /** The liveness pings (empty payload) written. */
    int probes;

    int closeCode;
    String closeReason;
    RuntimeException refuseWrites;
    IOException failPings;
    String remoteAddress;

    @Override
    public synchronized void sendBinary(ByteBuffer message, Consumer<Throwable> done) {
        if (refuseWrites != null) {
            throw refuseWrites;
        }
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        writes.add(new Write(bytes, done));
    }

    @Override
    public synchronized void sendPing(ByteBuffer payload) throws IOException {
        if (failPings != null) {
            throw failPings;
        }
        if (payload.remaining() == 0) {
            probes++;
        } else {
            pings.add(payload.getLong(0));
        }
    }

    @Override
    public synchronized void close(int code, String reason) {
        if (closeCode == 0) {
            closeCode = code;
            closeReason = reason;
        }
    }

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public Optional<String> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** Completes the {@code index}th write as written. */
    void completeWrite(int index) {
        write(index).done().accept(null);
    }

    /** Completes the {@code index}th write as failed. */
    void failWrite(int index, Throwable failure) {
        write(index).done().accept(failure);
    }

    synchronized Write write(int index) {
        return writes.get(index);
    }

    synchronized int writeCount() {
        return writes.size();
    }

    /** The pong a twin answers a ping with the count {@code upTo} with. */
    static ByteBuffer pong(long upTo) {
        return ByteBuffer.allocate(Long.BYTES).putLong(0, upTo);
    }
}
