package dev.rmbee.relay.redis;

import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.relay.QueueUnavailableException;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.wire.EnvelopeParties;
import dev.rmbee.wire.SessionKey;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The appends of the session queues, in call order per stream: while one script call of a stream
 * is in flight, later appends wait and then go together in the next (up to {@value
 * RedisSessionQueues#APPEND_BATCH} envelopes; the script ({@link SenderShares#APPEND}) stores
 * those that fit, then sends one {@code PEXPIRE} per key and at most one {@code PUBLISH}, to the instance holding
 * the session).
 * Redisson spreads independent commands over a pool of connections, so without this one sender's
 * envelopes could be stored out of order; under load it also saves round trips and wake-ups.
 *
 * <p>With {@code publishInBatch} false (a Redis Cluster, where the channel and the stream
 * generally live on different nodes and Redisson sends a batch's per-node parts independently)
 * the {@code PUBLISH} is sent only once the script stored something: a wake-up must never arrive before the
 * entry it announces.
 *
 * <p>What waits is bounded ({@link RedisQueueLimits}): a script call is not retried and fails after
 * the timeout, and appends beyond the bytes that may wait are refused at once, so a Redis outage
 * costs the senders error envelopes, never the heap.
 */
final class StreamAppends {

    /** The append script's answer for a stored envelope. */
    private static final Long STORED = 1L;

    private final Executor executor;
    private final int maxLength;
    private final Duration expiry;
    private final boolean publishInBatch;
    private final WakeChannel wake;
    private final byte[] instanceId;
    private final RelayCounters counters;
    private final ConcurrentMap<String, AppendLane> lanes = new ConcurrentHashMap<>();
    private final AppendScript script;
    private final RedisOutage outage;
    private final long maxWaitingBytes;
    private final AtomicLong waitingBytes = new AtomicLong();

    StreamAppends(
            AppendScript script,
            Executor executor,
            int maxLength,
            Duration expiry,
            boolean publishInBatch,
            WakeChannel wake,
            RelayCounters counters,
            RedisQueueLimits limits,
            RedisOutage outage) {
        this.executor = executor;
        this.maxLength = maxLength;
        this.expiry = expiry;
        this.publishInBatch = publishInBatch;
        this.wake = wake;
        this.instanceId = wake.instanceId().getBytes(StandardCharsets.US_ASCII);
        this.counters = counters;
        this.outage = outage;
        this.maxWaitingBytes = limits.maxWaitingBytes();
        this.script = script;
    }

    /**
     * Stores the envelope after the appends to the same stream that came before it; refuses it at
     * once with a {@link QueueUnavailableException} when the appends in flight and waiting already
     * hold the most bytes they may.
     */
    CompletionStage<Void> append(SessionKey session, byte[] envelope) {
        String key = RedisSessionQueues.streamKey(session);
        long waiting = waitingBytes.addAndGet(envelope.length);
        if (waiting > maxWaitingBytes && waiting > envelope.length) {
            waitingBytes.addAndGet(-envelope.length);
            return CompletableFuture.failedFuture(new QueueUnavailableException(
                    "redis error: Redis is not keeping up: " + (waiting - envelope.length)
                            + " bytes of envelopes already wait for it",
                    null));
        }
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
     * Runs the append script with the batch's envelopes (in order); when it is answered, sends what
     * waited meanwhile, or retires the idle lane.
     */
    private void send(AppendLane lane, List<PendingAppend> batch) {
        CompletionStage<List<Object>> stored;
        try {
            stored = script(lane, batch);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        if (!publishInBatch) {
            stored = stored.thenApply(answer -> {
                if (answer.contains(STORED)) {
                    wake.publish(lane.session, holder(answer));
                }
                return answer;
            });
        }
        stored.whenComplete((answer, error) -> {
            complete(lane, batch, answer, error);
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

    /**
     * The holder's id the append script answered after its flags ({@link SenderShares#APPEND}),
     * empty for none.
     */
    private static String holder(List<Object> answer) {
        Object last = answer.isEmpty() ? null : answer.get(answer.size() - 1);
        return last instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : "";
    }

    /**
     * One {@link SenderShares#APPEND} call (EVALSHA) with the batch; answers 1 or 0 per append, then
     * the holder.
     */
    private CompletionStage<List<Object>> script(AppendLane lane, List<PendingAppend> appends) {
        byte[][] args = new byte[6 + 2 * appends.size()][];
        args[0] = ascii(maxLength);
        args[1] = ascii(SenderShares.share(maxLength));
        args[2] = ascii(expiry.toMillis());
        args[3] = (publishInBatch ? RedisSessionQueues.WAKE_CHANNEL : "").getBytes(StandardCharsets.UTF_8);
        args[4] = lane.session.toString().getBytes(StandardCharsets.UTF_8);
        args[5] = instanceId;
        int next = 6;
        for (PendingAppend pending : appends) {
            args[next++] = ascii(EnvelopeParties.of(pending.envelope).source());
            args[next++] = pending.envelope;
        }
        return script.call(lane.key, SenderShares.scriptKeys(lane.key), args);
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Completes the batch's appends in one executor task, not one per append: a managed executor
     * captures the thread context for every task (several per cent of the relay's CPU in a
     * Redis-mode profile); answered through the RESP client, on its reader thread, without a hop
     * (a failure still takes the executor, so that {@link RedisOutage} hears of it after what the
     * executor already holds). A refused append fails with a {@link QueueFullException}.
     */
    private void complete(AppendLane lane, List<PendingAppend> batch, List<Object> answer, Throwable error) {
        long bytes = 0;
        for (PendingAppend pending : batch) {
            bytes += pending.envelope.length;
        }
        waitingBytes.addAndGet(-bytes);
        if (error == null) {
            outage.answered();
        }
        boolean wakeHere =
                error == null && answer.contains(STORED) && holder(answer).equals(wake.instanceId());
        Runnable completion = () -> {
            Throwable failure =
                    error == null ? null : RedisQueueException.failure("append to " + lane.key, error, outage);
            for (int i = 0; i < batch.size(); i++) {
                PendingAppend pending = batch.get(i);
                if (failure != null) {
                    pending.stored.completeExceptionally(failure);
                } else if (i < answer.size() && STORED.equals(answer.get(i))) {
                    counters.queued(pending.envelope.length);
                    pending.stored.complete(null);
                } else {
                    pending.stored.completeExceptionally(
                            new QueueFullException("queue full for session '" + lane.session + "'"));
                }
            }
            if (wakeHere) {
                wake.wakeHere(lane.session); // held here: the script published nothing
            }
        };
        if (error == null && script.completesOnOwnThread()) {
            completion.run(); // failures take the executor as Redisson's do: the outage is seen in one order
            return;
        }
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
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
