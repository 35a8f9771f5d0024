package dev.rmbee.redis.resp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The commands written on one connection and not answered yet, oldest first, each with the moment
 * it was enqueued, and their deadline: since Redis answers in order, only the oldest unanswered
 * command can be the first to be overdue, so one periodic {@link #expire} looks at the head and
 * stops at the first command still within its time (one check per connection, not one timer per
 * command). An overdue command fails with a {@link TimeoutException}, as {@link
 * CompletableFuture#orTimeout} would fail it, and stays in the queue, so that its late reply is
 * still matched to it (and ignored) and the replies after it go to their own commands.
 */
final class PendingReplies {

    private record Pending(CompletableFuture<Object> reply, long enqueuedNanos) {}

    private final LongSupplier nanoClock;
    // added by the writers under the connection's lock (so in write order), taken by the reader alone
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();

    /** @param nanoClock the clock of the commands' ages ({@code System::nanoTime}; a fake in tests) */
    PendingReplies(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** A command was enqueued; call in write order. */
    void add(CompletableFuture<Object> reply) {
        queue.add(new Pending(reply, nanoClock.getAsLong()));
    }

    /** The oldest command, to be completed by the reply just read; null when none is pending. */
    CompletableFuture<Object> poll() {
        Pending oldest = queue.poll();
        return oldest == null ? null : oldest.reply();
    }

    /**
     * Fails every command pending for {@code timeoutNanos} or longer (and not answered yet) with a
     * {@link TimeoutException}; returns how many it failed.
     */
    int expire(long timeoutNanos) {
        long now = nanoClock.getAsLong();
        int failed = 0;
        for (Pending pending : queue) {
            if (now - pending.enqueuedNanos() < timeoutNanos) {
                break;
            }
            if (pending.reply().completeExceptionally(new TimeoutException())) {
                failed++;
            }
        }
        return failed;
    }

    /** Fails every pending command with {@code failure} and forgets them (the connection broke). */
    void failAll(Throwable failure) {
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.reply().completeExceptionally(failure);
        }
    }
}
