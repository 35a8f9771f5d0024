package dev.rmbee.peer.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which link writes each envelope (peer.md §3 "Sending"). Links are tried in order; the one that
 * last wrote an envelope is swapped into the first place, so traffic stays on one relay while it
 * works and keeps its order. A link takes an envelope only while it is connected and its outbox
 * has room. What no link takes waits in one line, in order, until a link comes up or gets room,
 * or until its deadline: then it fails with {@link RelayUnavailableException}. Envelopes a link
 * could not write go back to the front of the line and are offered again (to another link, or
 * to the same after it reconnected) until their deadline.
 *
 * <p>Memory is bounded: at most {@code maxPending} envelopes and {@code maxPendingBytes} bytes
 * are accepted and not yet written; beyond that a send fails at once. Only envelopes in the line
 * hold a deadline timer; a link checks the deadlines of its outbox itself.
 *
 * <p>Lock order: the dispatcher's lock, then a link's ({@link Outlet#offer} runs under the first).
 * Futures are completed outside the lock, and writes start there: on the thread that submitted the
 * envelope (or that pumped), not after a hand-over to the executor.
 */
final class SendDispatcher {

    /** Where an envelope can go: a link. */
    interface Outlet {
        /**
         * Takes {@code send} to write it, or refuses (not connected, outbox full): null. An outlet
         * that took it either writes it and reports {@link SendDispatcher#written}, or hands it
         * back; the write starts when the dispatcher runs what this returns, on its own thread once
         * it holds no lock (an outlet that is writing already goes on with it by itself).
         */
        Runnable offer(PendingSend send);
    }

    private final List<Outlet> order;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final int maxPending;
    private final long maxPendingBytes;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    // guarded by "this"
    private final Deque<PendingSend> waiting = new ArrayDeque<>();
    private boolean closed;

    SendDispatcher(
            List<? extends Outlet> outlets,
            Clock clock,
            ScheduledExecutorService scheduler,
            int maxPending,
            long maxPendingBytes) {
        this.order = new ArrayList<>(outlets);
        this.clock = clock;
        this.scheduler = scheduler;
        this.maxPending = maxPending;
        this.maxPendingBytes = maxPendingBytes;
    }

    CompletableFuture<Void> submit(byte[] envelope, Instant deadline) {
        if (!clock.instant().isBefore(deadline)) {
            return CompletableFuture.failedFuture(new RelayUnavailableException("the deadline passed before sending"));
        }
        PendingSend send = PendingSend.of(envelope, deadline);
        String refusal = null;
        List<Runnable> writes = new ArrayList<>(1);
        synchronized (this) {
            if (closed) {
                refusal = "the relay links are closed";
            } else if (pending.get() >= maxPending || pendingBytes.get() + envelope.length > maxPendingBytes) {
                refusal = pending.get() + " envelopes (" + pendingBytes.get() + " bytes) already wait for a relay";
            } else {
                admit(send);
                if (!waiting.isEmpty()) {
                    waiting.addLast(send); // behind the ones already waiting: order is kept
                    startExpiry(send);
                    drain(writes);
                } else if (!offer(send, writes)) {
                    waiting.addLast(send);
                    startExpiry(send);
                }
            }
        }
        if (refusal != null) {
            return CompletableFuture.failedFuture(new RelayUnavailableException(refusal));
        }
        writes.forEach(Runnable::run); // on the sender's thread: no hand-over before the write
        return send.result;
    }

    /** {@code outlet} wrote {@code send}: it comes first from now on. */
    void written(Outlet outlet, PendingSend send) {
        synchronized (this) {
            int at = order.indexOf(outlet);
            if (at > 0) {
                order.set(at, order.get(0));
                order.set(0, outlet);
            }
        }
        if (send.result != null) {
            send.result.complete(null);
        }
        pump();
    }

    /** Envelopes an outlet took and could not write, oldest first: to the front of the line. */
    void handBack(List<PendingSend> sends) {
        List<PendingSend> failed = new ArrayList<>();
        Instant now = clock.instant();
        boolean wasClosed;
        synchronized (this) {
            wasClosed = closed;
            for (int i = sends.size() - 1; i >= 0; i--) {
                PendingSend send = sends.get(i);
                if (send.isLinkPing() || send.isSettled()) {
                    continue;
                }
                if (closed || send.isExpired(now)) {
                    failed.add(send);
                } else {
                    waiting.addFirst(send);
                    startExpiry(send);
                }
            }
        }
        for (PendingSend send : failed) {
            send.fail(wasClosed ? "the relay links are closed" : "no relay wrote it before its deadline");
        }
        pump();
    }

    /** An outlet came up or got room: offer it what waits, in order. */
    void pump() {
        List<Runnable> writes = new ArrayList<>();
        synchronized (this) {
            drain(writes);
        }
        writes.forEach(Runnable::run);
    }

    /** Fails what waits; later sends fail at once. Outlets hand back the rest, which fails then. */
    void close() {
        List<PendingSend> failed;
        synchronized (this) {
            closed = true;
            failed = new ArrayList<>(waiting);
            waiting.clear();
            failed.forEach(SendDispatcher::stopExpiry);
        }
        failed.forEach(send -> send.fail("the relay links are closed"));
    }

    /** The outlets in the order they are tried. */
    synchronized List<Outlet> order() {
        return List.copyOf(order);
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** Caller holds the lock; runs {@code writes} once it does not. */
    private void drain(List<Runnable> writes) {
        while (!waiting.isEmpty()) {
            // out of the line before it is offered: an outlet that writes at once may pump again
            PendingSend next = waiting.pollFirst();
            if (!next.isSettled() && !offer(next, writes)) {
                waiting.addFirst(next);
                return;
            }
            stopExpiry(next);
        }
    }

    /** Caller holds the lock; runs {@code writes} once it does not. */
    private boolean offer(PendingSend send, List<Runnable> writes) {
        for (Outlet outlet : order) {
            Runnable write = outlet.offer(send);
            if (write != null) {
                writes.add(write);
                return true;
            }
        }
        return false;
    }

    private void admit(PendingSend send) {
        pending.incrementAndGet();
        pendingBytes.addAndGet(send.envelope.length);
        send.result.whenComplete((ignored, error) -> {
            pending.decrementAndGet();
            pendingBytes.addAndGet(-send.envelope.length);
        });
    }

    /** Caller holds the lock. */
    private void startExpiry(PendingSend send) {
        long delay =
                Math.max(0, Duration.between(clock.instant(), send.deadline).toMillis());
        try {
            send.expiry = scheduler.schedule(() -> expire(send), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            send.expiry = null; // the links are being closed, which fails it
        }
    }

    private static void stopExpiry(PendingSend send) {
        if (send.expiry != null) {
            send.expiry.cancel(false);
            send.expiry = null;
        }
    }

    private void expire(PendingSend send) {
        boolean removed;
        synchronized (this) {
            removed = waiting.remove(send);
            send.expiry = null;
        }
        if (removed) {
            send.fail("no relay connection took it before its deadline");
        }
    }
}
