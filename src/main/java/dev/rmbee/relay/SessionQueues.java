package dev.rmbee.relay;

import dev.rmbee.wire.SessionKey;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Per-session queues of envelopes waiting for delivery (relay.md §4): each session has one queue,
 * bounded and shared fairly between senders (what a full queue refuses or gives way is described by
 * {@link EmbeddedSessionQueues} and {@link dev.rmbee.relay.redis.SenderShares}) and expiring (the whole queue goes a
 * fixed time after its last append). A message stays until it is acknowledged, so whatever a
 * connection did not confirm is read again by the session's next connection (at-least-once).
 *
 * <p>Implementations: {@link EmbeddedSessionQueues} (in memory, one node) and
 * {@link dev.rmbee.relay.redis.RedisSessionQueues} (Redis streams, shared by several relay
 * instances).
 */
public interface SessionQueues extends AutoCloseable {

    /** Default bound of one session's queue. */
    int DEFAULT_MAX_LENGTH = 10_000;

    /** Default idle expiry of a queue, in seconds after its last append. */
    long DEFAULT_EXPIRY_SECONDS = 3600;

    /**
     * Appends an envelope to the session's queue; completes once it is stored. Fails with a {@link
     * dev.rmbee.relay.budget.QueueFullException} when the envelope does not fit (a full queue, its
     * sender's share of it, or, in memory, the byte budget), and with a {@link
     * QueueUnavailableException} when a shared backend did not take it (Redis away or too slow).
     */
    CompletionStage<Void> append(SessionKey session, byte[] envelope);

    /**
     * Reads up to {@code max} messages of the session's queue that come after {@code afterId}
     * (exclusive; {@code null} reads from the oldest), oldest first. Nothing is removed.
     */
    CompletionStage<List<QueuedMessage>> read(SessionKey session, String afterId, int max);

    /**
     * The first read of a connection of the session that just started on this relay instance: as
     * {@code read(session, null, max)}, and a backend shared by several instances also records, in
     * the same step, that this instance now serves the session, so that later appends wake this
     * instance rather than every one. Each later read of that connection is a {@link #read}.
     */
    default CompletionStage<List<QueuedMessage>> readForNewConnection(SessionKey session, int max) {
        return read(session, null, max);
    }

    /** Removes a delivered message. Implementations may batch removals. */
    void acknowledge(SessionKey session, String id);

    /**
     * Registers a listener called with a session whenever messages may have been appended to its
     * queue, by this relay instance or by another one sharing the backend (a shared backend tells
     * only the instance serving the session, see {@link #readForNewConnection}, and every instance
     * when none does). Calls may come on any thread and may be spurious; listeners must be quick.
     */
    void subscribe(Consumer<SessionKey> listener);

    /**
     * Registers a callback run when appends may have happened without the {@link #subscribe}
     * listeners hearing of it: a shared backend lost its notification channel and has it again
     * (also after the first subscription is established). The callee should then re-check every
     * session it serves, as if each had been notified. Calls may come on any thread and may be
     * spurious; callbacks must be quick. A backend that cannot miss notifications (the embedded
     * one) never calls it.
     */
    default void onResync(Runnable callback) {}

    /**
     * How many messages wait in the session's queue and when the oldest was appended (for
     * operators, not the delivery path). A session without a queue has depth 0.
     */
    CompletionStage<QueueDepth> inspectQueue(SessionKey session);

    /**
     * The depths of up to {@code limit} session queues, all sessions' or only those of
     * {@code twin}, ordered by session. Which queues the limit leaves out is unspecified.
     */
    CompletionStage<List<QueueDepth>> inspectQueues(OptionalInt twin, int limit);

    /**
     * Removes the session's whole queue; completes with how many messages it held. Messages
     * already handed to a connection may still reach the twin.
     */
    CompletionStage<Long> purgeQueue(SessionKey session);

    /**
     * What waits in every session queue of the relay (of all instances sharing the backend), for
     * metrics. In memory the figures are exact and the stage is already complete; with Redis they
     * come from a scan of at most {@code maxSessions} queues, a cost paid per call.
     */
    CompletionStage<QueueTotals> queuedTotals(int maxSessions);

    /** Flushes pending acknowledgements and releases resources. */
    @Override
    void close();
}
