package dev.rmbee.peer.link;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One envelope on its way to a relay: waiting for a link, in a link's outbox, or being written.
 * A link's own envelope Ping is one too, without a caller ({@link #result} {@code null}); it is
 * dropped rather than moved to another link when its link goes down.
 */
final class PendingSend {

    final byte[] envelope;
    final Instant deadline;
    /** Completed when written, failed when the deadline passed first; {@code null} for a link Ping. */
    final CompletableFuture<Void> result;
    /** The uid of a link Ping, else {@code null}. */
    final String pingUid;
    /** The timer that fails it at its deadline while it waits for a link (guarded by the dispatcher). */
    ScheduledFuture<?> expiry;

    private PendingSend(byte[] envelope, Instant deadline, CompletableFuture<Void> result, String pingUid) {
        this.envelope = envelope;
        this.deadline = deadline;
        this.result = result;
        this.pingUid = pingUid;
    }

    static PendingSend of(byte[] envelope, Instant deadline) {
        return new PendingSend(envelope, deadline, new CompletableFuture<>(), null);
    }

    static PendingSend linkPing(byte[] envelope, String uid) {
        return new PendingSend(envelope, Instant.MAX, null, uid);
    }

    boolean isLinkPing() {
        return result == null;
    }

    /** Nothing more to do: already written or failed (or given up by its caller). */
    boolean isSettled() {
        return result != null && result.isDone();
    }

    boolean isExpired(Instant now) {
        return !now.isBefore(deadline);
    }

    void fail(String reason) {
        if (result != null) {
            result.completeExceptionally(new RelayUnavailableException(reason));
        }
    }
}
