package dev.rmbee.federation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The durable queue of envelopes waiting to be sent to other relays (relay.md §7.1–7.2). An
 * entry, once added, stays until it is acknowledged: a worker that takes it either acknowledges
 * it (delivered, or given up for good) or hands it back with {@link #retryLater}; an entry taken
 * by a worker (or a relay instance) that disappeared without doing either is given out again
 * after a while. Delivery to the workers is therefore at least once.
 *
 * <p>Implementations: {@link EmbeddedFederationQueue} (in memory, one node) and
 * {@link dev.rmbee.federation.redis.RedisFederationQueue} (the reference's Redis stream and
 * consumer group, shared by every relay instance using the same Redis).
 */
public interface FederationQueue extends AutoCloseable {

    /**
     * Appends an envelope; completes once it is stored. Fails with a
     * {@link FederationQueueException} whose message is meant for the sender.
     */
    CompletionStage<Void> add(byte[] envelope);

    /**
     * Takes up to {@code max} entries for worker {@code worker} (0 … workers−1): entries due for
     * a retry first, then new ones. When none is available it waits up to about {@code wait}
     * and completes with what came, possibly nothing. Stages complete on the implementation's
     * executor, never on the caller's thread while it waits.
     */
    CompletionStage<List<FederationEntry>> take(int worker, int max, Duration wait);

    /** Removes a delivered (or given up) entry for good. */
    CompletionStage<Void> acknowledge(FederationEntry entry);

    /**
     * Hands an entry back, not delivered: it is given out again, normally to the same worker,
     * once {@code delay} has passed.
     */
    void retryLater(FederationEntry entry, Duration delay);

    /**
     * Entries not yet acknowledged (waiting, taken, or waiting for a retry), for metrics: in memory
     * this instance's, at once; with Redis the whole relay's, one round trip.
     */
    CompletionStage<Long> backlog();

    /**
     * Stops handing out entries; waiting {@link #take} calls complete with nothing. Entries that
     * were taken and not acknowledged stay queued where the queue is durable.
     */
    @Override
    void close();
}
