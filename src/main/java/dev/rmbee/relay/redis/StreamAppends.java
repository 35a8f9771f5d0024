package dev.rmbee.relay.redis;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;

/**
 * The appends of the session queues, in call order per stream: while one MULTI/EXEC of a stream
 * is in flight, later appends wait and then go together in the next (up to {@value
 * RedisSessionQueues#APPEND_BATCH} {@code XADD}s, one {@code PEXPIRE}, one {@code PUBLISH}).
 * Redisson spreads independent commands over a pool of connections, so without this one sender's
 * envelopes could be stored out of order; under load it also saves round trips and wake-ups.
 *
 * <p>With {@code publishInBatch} false (a Redis Cluster, where the channel and the stream
 * generally live on different nodes and Redisson sends a batch's per-node parts independently)
 * the {@code PUBLISH} is sent only once the batch is done: a wake-up must never arrive before the
 * entry it announces.
 */
final class StreamAppends {

    private final RedissonClient redisson;
    private final Executor executor;
    private final int maxLength;
    private final Duration expiry;
    private final boolean publishInBatch;
    private final WakeChannel wake;
    private final RelayCounters counters;
    // MULTI/EXEC like the reference: XADD and its expiry are applied together or not at all
    private final BatchOptions atomic =
            BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC);
    private final ConcurrentMap<String, AppendLane> lanes = new ConcurrentHashMap<>();

    StreamAppends(
            RedissonClient redisson,
            Executor executor,
            int maxLength,
            Duration expiry,
            boolean publishInBatch,
            WakeChannel wake,
            RelayCounters counters) {
        this.redisson = redisson;
        this.executor = executor;
        this.maxLength = maxLength;
        this.expiry = expiry;
        this.publishInBatch = publishInBatch;
        this.wake = wake;
        this.counters = counters;
    }

    /** Stores the envelope after the appends to the same stream that came before it. */
    CompletionStage<Void> append(SessionKey session, byte[] envelope) {
        String key = RedisSessionQueues.streamKey(session);
        PendingAppend pending = new PendingAppend(envelope);
        while (true) {
            AppendLane lane = lanes.computeIfAbsent(key, k -> new AppendLane(session, k));
            List<PendingAppend> batch;
            synchronized (lane) {
                if (lane.retired) {
                    continue; // just went idle and was removed: start a new lane
                }
                lane.waiting.add(pending);
                if (lane.inFlight) {
                    break; // goes with the next batch, once the one in flight is answered
                }
                lane.inFlight = true;
                batch = lane.take();
            }
            send(lane, batch);
            break;
        }
        return pending.stored;
    }

    /**
     * Sends one MULTI/EXEC with the batch's XADDs (in order), one PEXPIRE and one PUBLISH; when it
     * is answered, sends what waited meanwhile, or retires the idle lane.
     */
    private void send(AppendLane lane, List<PendingAppend> batch) {
        CompletionStage<?> stored;
        try {
            stored = batch(lane, batch).executeAsync();
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        if (!publishInBatch) {
            stored = stored.thenRun(() -> wake.publish(lane.session));
        }
        stored.whenComplete((result, error) -> {
            complete(lane, batch, error);
            List<PendingAppend> next;
            synchronized (lane) {
                if (lane.waiting.isEmpty()) {
                    lane.inFlight = false;
                    lane.retired = true;
                    lanes.remove(lane.key, lane);
                    return;
                }
                next = lane.take();
            }
            send(lane, next);
        });
    }

    private RBatch batch(AppendLane lane, List<PendingAppend> appends) {
        RBatch batch = redisson.createBatch(atomic);
        RStreamAsync<String, byte[]> stream = batch.getStream(lane.key, RawStreamCodec.INSTANCE);
        for (PendingAppend pending : appends) {
            stream.addAsync(StreamAddArgs.entry(RedisSessionQueues.FIELD, pending.envelope)
                    .trimNonStrict()
                    .maxLen(maxLength)
                    .noLimit());
        }
        expire(batch, lane.key);
        if (publishInBatch) {
            batch.getTopic(RedisSessionQueues.WAKE_CHANNEL, StringCodec.INSTANCE)
                    .publishAsync(lane.session.toString());
        }
        return batch;
    }

    /**
     * Completes the batch's appends in one executor task, not one per append: a managed executor
     * captures the thread context for every task (several per cent of the relay's CPU in a
     * Redis-mode profile).
     */
    private void complete(AppendLane lane, List<PendingAppend> batch, Throwable error) {
        Runnable completion = () -> {
            Throwable failure = error == null ? null : RedisQueueException.failure("append to " + lane.key, error);
            for (PendingAppend pending : batch) {
                if (failure == null) {
                    counters.queued(pending.envelope.length);
                    pending.stored.complete(null);
                } else {
                    pending.stored.completeExceptionally(failure);
                }
            }
        };
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    /**
     * Queues a plain {@code PEXPIRE key ms} in the batch. Of Redisson 4.7.0's ways to set a key's
     * expiry, {@code RStreamAsync.expireAsync(Duration)} sends a Lua script and the suggested
     * replacement {@code RKeysAsync.expireAsync(Duration, String...)} is sent at once, outside the
     * batch (both seen with MONITOR); only this deprecated one queues the command itself.
     */
    @SuppressWarnings("deprecation")
    private void expire(RBatch batch, String key) {
        batch.getKeys().expireAsync(key, expiry.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One append waiting for, or sent in, a batch of its stream. */
    private static final class PendingAppend {
        final byte[] envelope;
        final CompletableFuture<Void> stored = new CompletableFuture<>();

        PendingAppend(byte[] envelope) {
            this.envelope = envelope;
        }
    }

    /**
     * The appends of one stream: at most one batch in flight, the rest waiting in call order.
     * Retired (and removed from the map) when it goes idle.
     */
    private static final class AppendLane {
        final SessionKey session;
        final String key;
        // guarded by this
        final ArrayDeque<PendingAppend> waiting = new ArrayDeque<>();
        boolean inFlight;
        boolean retired;

        AppendLane(SessionKey session, String key) {
            this.session = session;
            this.key = key;
        }

        /** Up to {@value RedisSessionQueues#APPEND_BATCH} waiting appends, oldest first. */
        List<PendingAppend> take() {
            List<PendingAppend> batch = new ArrayList<>(Math.min(waiting.size(), RedisSessionQueues.APPEND_BATCH));
            while (!waiting.isEmpty() && batch.size() < RedisSessionQueues.APPEND_BATCH) {
                batch.add(waiting.poll());
            }
            return batch;
        }
    }
}
