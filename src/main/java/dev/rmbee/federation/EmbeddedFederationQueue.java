package dev.rmbee.federation;

import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.wire.EnvelopeParties;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The federation queue in this process's memory: the single-node default when no Redis is
 * configured. Same contract as the Redis queue, except that nothing survives a restart. Bounded:
 * beyond {@code capacity} envelopes (waiting, taken or waiting for a retry) adds fail, and each
 * envelope is charged to the relay's {@link QueueBudget} (its destination and source twins) until it
 * is acknowledged: one that does not fit fails with a {@link QueueFullException}. Ids are decimal
 * sequence numbers.
 */
public final class EmbeddedFederationQueue implements FederationQueue {

    /** Default bound of the queue. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final int capacity;
    private final LongSupplier nanoTime;
    private final QueueBudget budget;

    private final Object lock = new Object();
    // all guarded by lock
    private final ArrayDeque<Item> fresh = new ArrayDeque<>();
    private final PriorityQueue<Item> retries = new PriorityQueue<>(
            Comparator.comparingLong((Item item) -> item.dueNanos).thenComparingLong(item -> item.id));
    private final Map<Long, Item> taken = new HashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long sequence;
    private boolean closed;

    /**
     * @param executor completes the stages of {@link #take} calls that had to wait
     * @param scheduler ends waits and wakes waiters when a retry falls due
     * @param capacity the most envelopes the queue holds
     */
    public EmbeddedFederationQueue(Executor executor, ScheduledExecutorService scheduler, int capacity) {
        this(executor, scheduler, capacity, QueueBudget.unlimited());
    }

    /** @param budget charged with every envelope until it is acknowledged (shared with the session queues) */
    public EmbeddedFederationQueue(
            Executor executor, ScheduledExecutorService scheduler, int capacity, QueueBudget budget) {
        this(executor, scheduler, capacity, System::nanoTime, budget);
    }

    /**
     * With the time source of retry delays ({@link System#nanoTime} in production): tests pass the
     * time of a scheduler they move by hand, so that a retry falls due when its dispatch is run.
     */
    EmbeddedFederationQueue(
            Executor executor,
            ScheduledExecutorService scheduler,
            int capacity,
            LongSupplier nanoTime,
            QueueBudget budget) {
        if (capacity < 1) {
            throw new IllegalArgumentException("federation queue capacity must be at least 1");
        }
        this.executor = Objects.requireNonNull(executor, "executor");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.capacity = capacity;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public EmbeddedFederationQueue(Executor executor, ScheduledExecutorService scheduler) {
        this(executor, scheduler, DEFAULT_CAPACITY);
    }

    /** An envelope in the queue and its budget charge; {@code dueNanos} matters while it waits for a retry. */
    private static final class Item {
        final long id;
        final byte[] envelope;
        final EnvelopeParties parties;
        long deliveries;
        long dueNanos;

        Item(long id, byte[] envelope, EnvelopeParties parties) {
            this.id = id;
            this.envelope = envelope;
            this.parties = parties;
        }
    }

    /** A {@link #take} waiting for entries. */
    private static final class Waiter {
        final int worker;
        final int max;
        final CompletableFuture<List<FederationEntry>> result = new CompletableFuture<>();
        ScheduledFuture<?> timer;

        Waiter(int worker, int max) {
            this.worker = worker;
            this.max = max;
        }
    }

    @Override
    public CompletionStage<Void> add(byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(
                        new FederationQueueException("federation queue error: the queue is closed"));
            }
            if (size() >= capacity) {
                return CompletableFuture.failedFuture(new FederationQueueException(
                        "federation queue error: the queue is full (" + capacity + " envelopes)"));
            }
            EnvelopeParties parties = EnvelopeParties.of(envelope);
            try {
                budget.reserve(parties.destination(), parties.source(), envelope.length);
            } catch (QueueFullException e) {
                return CompletableFuture.failedFuture(e);
            }
            fresh.add(new Item(++sequence, envelope.clone(), parties));
        }
        dispatch();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<List<FederationEntry>> take(int worker, int max, Duration wait) {
        if (max < 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        Waiter waiter;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(List.of());
            }
            List<FederationEntry> entries = poll(worker, max, nanoTime.getAsLong());
            if (!entries.isEmpty() || wait.isZero() || wait.isNegative()) {
                return CompletableFuture.completedFuture(entries);
            }
            waiter = new Waiter(worker, max);
            waiters.add(waiter);
            try {
                waiter.timer = scheduler.schedule(() -> expire(waiter), wait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                waiters.remove(waiter);
                return CompletableFuture.completedFuture(List.of());
            }
        }
        return waiter.result;
    }

    /** The wait of a {@link #take} is over: it gets nothing (entries would have been handed to it). */
    private void expire(Waiter waiter) {
        synchronized (lock) {
            if (!waiters.remove(waiter)) {
                return;
            }
        }
        complete(waiter, List.of());
    }

    /** Hands whatever is available to the waiting takes, oldest waiter first. */
    private void dispatch() {
        List<Waiter> served = new ArrayList<>();
        List<List<FederationEntry>> given = new ArrayList<>();
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            while (!waiters.isEmpty() && isAvailable(now)) {
                Waiter waiter = waiters.poll();
                served.add(waiter);
                given.add(poll(waiter.worker, waiter.max, now));
            }
        }
        for (int i = 0; i < served.size(); i++) {
            Waiter waiter = served.get(i);
            if (waiter.timer != null) {
                waiter.timer.cancel(false);
            }
            complete(waiter, given.get(i));
        }
    }

    private void complete(Waiter waiter, List<FederationEntry> entries) {
        try {
            executor.execute(() -> waiter.result.complete(entries));
        } catch (RejectedExecutionException e) {
            waiter.result.complete(entries);
        }
    }

    // guarded by lock
    private boolean isAvailable(long now) {
        return !fresh.isEmpty() || (!retries.isEmpty() && retries.peek().dueNanos - now <= 0);
    }

    /** Takes up to {@code max} entries, due retries first; guarded by lock. */
    private List<FederationEntry> poll(int worker, int max, long now) {
        List<FederationEntry> entries = new ArrayList<>();
        while (entries.size() < max) {
            Item item;
            if (!retries.isEmpty() && retries.peek().dueNanos - now <= 0) {
                item = retries.poll();
            } else if (!fresh.isEmpty()) {
                item = fresh.poll();
            } else {
                break;
            }
            item.deliveries++;
            taken.put(item.id, item);
            entries.add(new FederationEntry(Long.toString(item.id), item.envelope, worker, item.deliveries));
        }
        return entries;
    }

    @Override
    public CompletionStage<Void> acknowledge(FederationEntry entry) {
        long id = Long.parseLong(entry.id());
        synchronized (lock) {
            Item item = taken.remove(id);
            if (item != null) {
                budget.release(item.parties.destination(), item.parties.source(), item.envelope.length);
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void retryLater(FederationEntry entry, Duration delay) {
        long id = Long.parseLong(entry.id());
        long delayNanos = Math.max(0, delay.toNanos());
        synchronized (lock) {
            Item item = taken.remove(id);
            if (item == null) {
                return;
            }
            item.dueNanos = nanoTime.getAsLong() + delayNanos;
            retries.add(item);
            if (closed) {
                return;
            }
        }
        if (delayNanos == 0) {
            dispatch();
            return;
        }
        try {
            scheduler.schedule(this::dispatch, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the entry stays queued, as everything does until close
        }
    }

    @Override
    public CompletionStage<Long> depth() {
        return CompletableFuture.completedFuture((long) size());
    }

    /** Envelopes held: waiting, taken and not acknowledged, or waiting for a retry. */
    public int size() {
        synchronized (lock) {
            return fresh.size() + retries.size() + taken.size();
        }
    }

    @Override
    public void close() {
        List<Waiter> waiting;
        synchronized (lock) {
            closed = true;
            waiting = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter waiter : waiting) {
            if (waiter.timer != null) {
                waiter.timer.cancel(false);
            }
            complete(waiter, List.of());
        }
    }
}
