package dev.rmbee.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A connection that records what the relay sends it. By default every send succeeds at once;
 * {@link #holdSends()} keeps them unconfirmed (a slow reader) until {@link #complete} or {@link #fail}.
 */
final class RecordingConnection implements Connection {
    final SessionKey session;
    final List<byte[]> sent = new ArrayList<>();
    final List<Consumer<Throwable>> unconfirmed = new ArrayList<>();
    boolean hold;
    int closeCode;

    RecordingConnection(SessionKey session) {
        this.session = session;
    }

    RecordingConnection holdSends() {
        hold = true;
        return this;
    }

    @Override
    public SessionKey session() {
        return session;
    }

    @Override
    public synchronized void send(byte[] envelope, Consumer<Throwable> done) {
        sent.add(envelope);
        if (hold) {
            unconfirmed.add(done);
        } else {
            done.accept(null);
        }
    }

    /** Confirms the oldest {@code n} held sends. */
    void complete(int n) {
        List<Consumer<Throwable>> batch;
        synchronized (this) {
            batch = new ArrayList<>(unconfirmed.subList(0, n));
            unconfirmed.subList(0, n).clear();
        }
        batch.forEach(done -> done.accept(null));
    }

    /** Fails every held send, as a broken socket would. */
    void fail() {
        List<Consumer<Throwable>> batch;
        synchronized (this) {
            batch = new ArrayList<>(unconfirmed);
            unconfirmed.clear();
        }
        batch.forEach(done -> done.accept(new java.io.IOException("broken pipe")));
    }

    @Override
    public void close(int code, String reason) {
        closeCode = code;
    }

    synchronized Envelope last() throws InvalidProtocolBufferException {
        return Envelope.parseFrom(sent.get(sent.size() - 1));
    }

    /** Every envelope sent so far, in order. */
    synchronized List<Envelope> received() throws InvalidProtocolBufferException {
        List<Envelope> envelopes = new ArrayList<>();
        for (byte[] frame : sent) {
            envelopes.add(Envelope.parseFrom(frame));
        }
        return envelopes;
    }

    synchronized int count() {
        return sent.size();
    }
}
