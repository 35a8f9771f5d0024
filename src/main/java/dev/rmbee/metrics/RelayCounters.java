package dev.rmbee.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the relay core counts, for this relay instance since it started: envelopes stored in
 * session queues and delivered to twins (with their bytes), connections leaving and why, and
 * envelopes refused (answered with an error envelope, or dropped when they were not requests).
 * Every method is safe from any thread, takes no lock and allocates nothing.
 */
public final class RelayCounters {

    private final LongAdder queued = new LongAdder();
    private final LongAdder queuedBytes = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder deliveredBytes = new LongAdder();
    private final EnumCounters<Eviction> evictions = new EnumCounters<>(Eviction.class);
    private final EnumCounters<ErrorReason> errorEnvelopes = new EnumCounters<>(ErrorReason.class);
    private final EnumCounters<ErrorReason> dropped = new EnumCounters<>(ErrorReason.class);

    /** An envelope of {@code bytes} was stored in a session queue (the reference's {@code relay_message_rx}). */
    public void queued(int bytes) {
        queued.increment();
        queuedBytes.add(bytes);
    }

    /** An envelope of {@code bytes} was delivered to a twin's connection ({@code relay_message_tx}). */
    public void delivered(int bytes) {
        delivered.increment();
        deliveredBytes.add(bytes);
    }

    /** A connection left the relay. */
    public void evicted(Eviction reason) {
        evictions.increment(reason);
    }

    /** A request was refused: its sender gets an error envelope. */
    public void errorEnvelope(ErrorReason reason) {
        errorEnvelopes.increment(reason);
    }

    /** A response, error or ping was refused: dropped, since the relay answers only requests. */
    public void dropped(ErrorReason reason) {
        dropped.increment(reason);
    }

    public long queued() {
        return queued.sum();
    }

    public long queuedBytes() {
        return queuedBytes.sum();
    }

    public long delivered() {
        return delivered.sum();
    }

    public long deliveredBytes() {
        return deliveredBytes.sum();
    }

    public long evictions(Eviction reason) {
        return evictions.get(reason);
    }

    public long errorEnvelopes(ErrorReason reason) {
        return errorEnvelopes.get(reason);
    }

    public long drops(ErrorReason reason) {
        return dropped.get(reason);
    }
}
