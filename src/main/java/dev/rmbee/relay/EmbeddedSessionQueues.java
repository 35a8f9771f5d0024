package dev.rmbee.relay;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.wire.EnvelopeParties;
import dev.rmbee.wire.SessionKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Session queues held in this process's memory: the single-node default when no Redis is
 * configured. Same contract as the Redis backend: bounded, expiring after the last append,
 * entries removed only when acknowledged. Ids are decimal sequence numbers. Keeps running totals of
 * what it holds (expired queues leave them when they are dropped: on their next use or sweep).
 *
 * <p>Unlike the Redis backend (and the reference), a full queue keeps its space fair between the
 * envelopes' senders ({@link MemoryQueue}) instead of dropping the oldest, and every envelope is
 * charged to the relay's {@link QueueBudget} (destination: the session's twin; sender: the
 * envelope's source twin) until it leaves. An envelope that does not fit is refused: the append
 * fails with a {@link QueueFullException} saying why.
 */
public final class EmbeddedSessionQueues implements SessionQueues {

    private final ConcurrentMap<SessionKey, MemoryQueue> queues = new ConcurrentHashMap<>();
    // one counter for all queues: ids keep increasing even when a queue is dropped and recreated
    private final AtomicLong sequence = new AtomicLong();
    private final List<Consumer<SessionKey>> listeners = new CopyOnWriteArrayList<>();
    private final int maxLength;
    private final long expiryMillis;
    private final Clock clock;
    private final RelayCounters counters;
    private final QueueBudget budget;
    private final LongAdder totalMessages = new LongAdder();
    private final LongAdder totalBytes = new LongAdder();
    // the queues in the map, counted with the entries (the map's own size lags behind a compute)
    private final LongAdder totalQueues = new LongAdder();

    /**
     * @param counters counts every stored envelope ({@link RelayCounters#queued})
     * @param budget charged with every stored envelope (shared with the federation queue)
     */
    public EmbeddedSessionQueues(
            int maxLength, Duration expiry, Clock clock, RelayCounters counters, QueueBudget budget) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("queue length must be at least 1");
        }
        this.maxLength = maxLength;
        this.expiryMillis = expiry.toMillis();
        this.clock = clock;
        this.counters = counters;
        this.budget = budget;
    }

    /** Without a memory budget. */
    public EmbeddedSessionQueues(int maxLength, Duration expiry, Clock clock, RelayCounters counters) {
        this(maxLength, expiry, clock, counters, QueueBudget.unlimited());
    }

    public EmbeddedSessionQueues(int maxLength, Duration expiry, Clock clock) {
        this(maxLength, expiry, clock, new RelayCounters());
    }

    public EmbeddedSessionQueues(Clock clock) {
        this(DEFAULT_MAX_LENGTH, Duration.ofSeconds(DEFAULT_EXPIRY_SECONDS), clock);
    }

    @Override
    public CompletionStage<Void> append(SessionKey session, byte[] envelope) {
        int sender = EnvelopeParties.of(envelope).source();
        try {
            budget.reserve(session.twin(), sender, envelope.length);
        } catch (QueueFullException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!store(session, new MemoryQueue.Stored(envelope, sender, clock.millis()))) {
            budget.release(session.twin(), sender, envelope.length);
            return CompletableFuture.failedFuture(new QueueFullException("queue full for session '" + session + "'"));
        }
        counters.queued(envelope.length);
        for (Consumer<SessionKey> listener : listeners) {
            listener.accept(session);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Adds the entry unless the queue is full and its sender holds the most; false when refused. */
    private boolean store(SessionKey session, MemoryQueue.Stored stored) {
        long now = stored.appendedMillis();
        boolean[] refused = {false};
        queues.compute(session, (key, queue) -> {
            if (queue == null || isExpired(queue, now)) {
                forget(key, queue);
                queue = new MemoryQueue();
                totalQueues.increment();
            }
            if (queue.entries.size() >= maxLength) {
                OptionalLong room = queue.makeRoomFor(stored.sender());
                if (room.isEmpty()) {
                    refused[0] = true;
                    return queue;
                }
                removed(key, queue, room.getAsLong());
            }
            // bytes before the message, so that a scrape that sees the message sees its bytes too
            totalBytes.add(stored.envelope().length);
            queue.put(sequence.incrementAndGet(), stored);
            totalMessages.increment();
            queue.lastAppendMillis = now;
            return queue;
        });
        return !refused[0];
    }

    @Override
    public CompletionStage<List<QueuedMessage>> read(SessionKey session, String afterId, int max) {
        long after = afterId == null ? 0 : Long.parseLong(afterId);
        List<QueuedMessage> messages = new ArrayList<>(Math.min(max, 64));
        long now = clock.millis();
        queues.computeIfPresent(session, (key, queue) -> {
            if (isExpired(queue, now)) {
                forget(key, queue);
                return null;
            }
            for (Map.Entry<Long, MemoryQueue.Stored> entry :
                    queue.entries.tailMap(after, false).entrySet()) {
                if (messages.size() == max) {
                    break;
                }
                messages.add(new QueuedMessage(
                        Long.toString(entry.getKey()), entry.getValue().envelope()));
            }
            return queue;
        });
        return CompletableFuture.completedFuture(messages);
    }

    @Override
    public void acknowledge(SessionKey session, String id) {
        long sequence = Long.parseLong(id);
        queues.computeIfPresent(session, (key, queue) -> {
            removed(key, queue, sequence);
            // an empty queue keeps its expiry clock only while it could still matter
            if (queue.entries.isEmpty()) {
                totalQueues.decrement();
                return null;
            }
            return queue;
        });
    }

    @Override
    public void subscribe(Consumer<SessionKey> listener) {
        listeners.add(listener);
    }

    @Override
    public CompletionStage<QueueDepth> inspectQueue(SessionKey session) {
        return CompletableFuture.completedFuture(depth(session));
    }

    @Override
    public CompletionStage<List<QueueDepth>> inspectQueues(OptionalInt twin, int limit) {
        List<QueueDepth> depths = new ArrayList<>();
        for (SessionKey session : queues.keySet()) {
            if (twin.isEmpty() || twin.getAsInt() == session.twin()) {
                QueueDepth depth = depth(session);
                if (depth.messages() > 0) {
                    depths.add(depth);
                }
            }
        }
        depths.sort(QueueDepth.BY_SESSION);
        return CompletableFuture.completedFuture(List.copyOf(depths.subList(0, Math.min(limit, depths.size()))));
    }

    @Override
    public CompletionStage<Long> purgeQueue(SessionKey session) {
        long now = clock.millis();
        long[] purged = new long[1];
        queues.computeIfPresent(session, (key, queue) -> {
            purged[0] = isExpired(queue, now) ? 0 : queue.entries.size();
            forget(key, queue);
            return null;
        });
        return CompletableFuture.completedFuture(purged[0]);
    }

    private QueueDepth depth(SessionKey session) {
        long now = clock.millis();
        QueueDepth[] depth = {QueueDepth.empty(session)};
        queues.computeIfPresent(session, (key, queue) -> {
            if (isExpired(queue, now)) {
                forget(key, queue);
                return null;
            }
            if (!queue.entries.isEmpty()) {
                Instant oldest = Instant.ofEpochMilli(
                        queue.entries.firstEntry().getValue().appendedMillis());
                depth[0] = new QueueDepth(session, queue.entries.size(), oldest);
            }
            return queue;
        });
        return depth[0];
    }

    /** Drops queues whose expiry has passed; returns how many. Called periodically. */
    public int sweepExpired() {
        long now = clock.millis();
        int dropped = 0;
        for (Map.Entry<SessionKey, MemoryQueue> entry : queues.entrySet()) {
            MemoryQueue queue = entry.getValue();
            // removed only if still this (expired) queue; once removed no other thread reaches it
            if (isExpired(queue, now) && queues.remove(entry.getKey(), queue)) {
                forget(entry.getKey(), queue);
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public CompletionStage<QueueTotals> queuedTotals(int maxSessions) {
        return CompletableFuture.completedFuture(
                new QueueTotals(totalMessages.sum(), totalBytes.sum(), totalQueues.sum(), true));
    }

    /** Removes an entry if it is still there: the message before its bytes, the reverse of {@link #store}. */
    private void removed(SessionKey session, MemoryQueue queue, long sequence) {
        MemoryQueue.Stored stored = queue.remove(sequence);
        if (stored != null) {
            totalMessages.decrement();
            totalBytes.add(-stored.envelope().length);
            budget.release(session.twin(), stored.sender(), stored.envelope().length);
        }
    }

    /** Takes a dropped queue and its entries out of the totals and the budget. */
    private void forget(SessionKey session, MemoryQueue queue) {
        if (queue != null) {
            totalQueues.decrement();
            totalMessages.add(-queue.entries.size());
            totalBytes.add(-queue.bytes);
            for (MemoryQueue.Stored stored : queue.entries.values()) {
                budget.release(session.twin(), stored.sender(), stored.envelope().length);
            }
            queue.clear();
        }
    }

    /** Messages waiting for a session (for metrics and tests). */
    public int size(SessionKey session) {
        MemoryQueue queue = queues.get(session);
        return queue == null || isExpired(queue, clock.millis()) ? 0 : queue.entries.size();
    }

    private boolean isExpired(MemoryQueue queue, long now) {
        return now - queue.lastAppendMillis >= expiryMillis;
    }

    @Override
    public void close() {
        queues.forEach(this::forget);
        queues.clear();
        totalMessages.reset();
        totalBytes.reset();
        totalQueues.reset();
    }
}
