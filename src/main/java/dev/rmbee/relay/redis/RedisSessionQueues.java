package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamRangeArgs;
import org.redisson.client.codec.StringCodec;

/**
 * Session queues in Redis streams, with the reference relay's keys and entries (relay.md §4.1,
 * §14), so that every relay instance sharing the Redis sees the same queues:
 *
 * <ul>
 *   <li>a session's queue is the stream {@code stream:<session>} ({@link SessionKey#toString()});
 *       each entry has one field {@code _} holding the raw envelope bytes;
 *   <li>append: {@code XADD stream:<s> MAXLEN ~ <maxLength> * _ <bytes>}, {@code PEXPIRE
 *       stream:<s> <expiry>} and {@code PUBLISH rmb.relay.wake <s>}, sent together as one
 *       MULTI/EXEC batch (one round trip), so the expiry is refreshed on every append and other
 *       instances learn that the session has new messages (the reference sends {@code EXPIRE} in
 *       seconds: same effect). Appends to one stream are sent in call order: while one batch of
 *       the stream is in flight, later appends wait and then go together in the next (up to
 *       {@value #APPEND_BATCH} XADDs, one PEXPIRE, one PUBLISH). Redisson spreads independent
 *       commands over a pool of connections, so without this one sender's envelopes could be
 *       stored out of order; under load it also saves round trips and wake-ups;
 *   <li>read: {@code XRANGE stream:<s> - + COUNT <max>}, or with the exclusive start
 *       {@code (<afterId>} (Redis 6.2 or later); entries without exactly the field {@code _} are
 *       skipped;
 *   <li>acknowledge: {@code XDEL stream:<s> <id>…}, batched per session: flushed when
 *       {@value #ACK_BATCH} ids are pending or {@value #ACK_DELAY_MILLIS} ms after the first
 *       pending one, and on {@link #close()};
 *   <li>{@link #subscribe} listens on the channel {@value #WAKE_CHANNEL}; every (re)subscription
 *       of that channel (first subscription, and Redisson's re-subscription after a reconnect)
 *       runs the {@link #onResync} callbacks, because publications may have been missed.
 * </ul>
 *
 * <p><b>Redis Cluster.</b> Every command touches exactly one key (plus the keyless PUBLISH), so
 * no command ever spans hash slots; the reference's multi-key {@code XREAD} over all of a
 * worker's streams would fail on a cluster and is not used. On a cluster the channel and the
 * stream generally live on different nodes, and Redisson sends a batch's per-node parts
 * independently, so there the PUBLISH is sent only once the XADD and PEXPIRE are done (a wake-up
 * must never arrive before the entry it announces); this costs the wake-up a second round trip.
 *
 * <p><b>Threads.</b> No call blocks on Redis except {@link #close()} (bounded). The returned
 * stages complete on the executor given to the constructor (a container-managed one in
 * production), never on Redisson's I/O threads. Listeners and resync callbacks are called on
 * Redisson's threads and must be quick. The Redisson client belongs to the caller: {@link
 * #close()} does not shut it down.
 */
public final class RedisSessionQueues implements SessionQueues {

    /** Prefix of a session's stream key: {@code stream:<session>}. */
    public static final String KEY_PREFIX = "stream:";

    /** The one field of a stream entry; its value is the envelope. */
    public static final String FIELD = "_";

    /** Pub/sub channel on which appends announce the session (as its string form). */
    public static final String WAKE_CHANNEL = "rmb.relay.wake";

    /** Pending acknowledgements of one session that trigger an immediate XDEL. */
    public static final int ACK_BATCH = 128;

    /** Most appends of one stream sent in one MULTI/EXEC. */
    public static final int APPEND_BATCH = 256;

    /** Longest time an acknowledgement waits for others before its XDEL is sent. */
    public static final long ACK_DELAY_MILLIS = 10;

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());

    private static final long RESUBSCRIBE_DELAY_MILLIS = 1000;
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final RedissonClient redisson;
    private final ScheduledExecutorService executor;
    private final int maxLength;
    private final Duration expiry;
    private final boolean publishInBatch;
    private final BatchOptions appendBatch;
    private final RTopic wakeTopic;

    private final List<Consumer<SessionKey>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resyncCallbacks = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<SessionKey, PendingAcks> pendingAcks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AppendLane> lanes = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> listening = new CompletableFuture<>();

    private final Object lock = new Object();
    // guarded by lock
    private boolean subscriptionStarted;
    private final List<Integer> topicListenerIds = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param redisson a connected client; it stays the caller's (not shut down by {@link #close()})
     * @param executor runs the acknowledgement flushes and completes the returned stages; in the
     *     container a {@code ManagedScheduledExecutorService}
     * @param maxLength approximate bound of one session's queue ({@code MAXLEN ~})
     * @param expiry how long a queue lives after its last append (at least one millisecond)
     */
    public RedisSessionQueues(
            RedissonClient redisson, ScheduledExecutorService executor, int maxLength, Duration expiry) {
        this(redisson, executor, maxLength, expiry, !redisson.getConfig().isClusterConfig());
    }

    /** With the reference's bound and expiry ({@value #DEFAULT_MAX_LENGTH} entries, one hour). */
    public RedisSessionQueues(RedissonClient redisson, ScheduledExecutorService executor) {
        this(redisson, executor, DEFAULT_MAX_LENGTH, Duration.ofSeconds(DEFAULT_EXPIRY_SECONDS));
    }

    /** {@code publishInBatch} false: PUBLISH after the XADD batch completed (what a cluster needs). */
    RedisSessionQueues(
            RedissonClient redisson,
            ScheduledExecutorService executor,
            int maxLength,
            Duration expiry,
            boolean publishInBatch) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("queue length must be at least 1");
        }
        if (expiry.toMillis() < 1) {
            throw new IllegalArgumentException("queue expiry must be at least 1 ms");
        }
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxLength = maxLength;
        this.expiry = expiry;
        this.publishInBatch = publishInBatch;
        // MULTI/EXEC like the reference: XADD and its expiry are applied together or not at all
        this.appendBatch = BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC);
        this.wakeTopic = redisson.getTopic(WAKE_CHANNEL, StringCodec.INSTANCE);
    }

    /** The stream key of a session: {@code stream:<twin>} or {@code stream:<twin>:<sid>}. */
    public static String streamKey(SessionKey session) {
        return KEY_PREFIX + session;
    }

    @Override
    public CompletionStage<Void> append(SessionKey session, byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        String key = streamKey(session);
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
            RBatch redisBatch = redisson.createBatch(appendBatch);
            RStreamAsync<String, byte[]> stream = redisBatch.getStream(lane.key, RawStreamCodec.INSTANCE);
            for (PendingAppend pending : batch) {
                stream.addAsync(StreamAddArgs.entry(FIELD, pending.envelope)
                        .trimNonStrict()
                        .maxLen(maxLength)
                        .noLimit());
            }
            expire(redisBatch, lane.key);
            if (publishInBatch) {
                redisBatch.getTopic(WAKE_CHANNEL, StringCodec.INSTANCE).publishAsync(lane.session.toString());
            }
            stored = redisBatch.executeAsync();
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        if (!publishInBatch) {
            stored = stored.thenRun(() -> publishWake(lane.session));
        }
        stored.whenComplete((result, error) -> {
            // one executor task per batch, not per append: a managed executor captures the thread
            // context for every task (several per cent of the relay's CPU in a Redis-mode profile)
            Runnable completion = () -> {
                Throwable failure = error == null ? null : failure("append to " + lane.key, error);
                for (PendingAppend pending : batch) {
                    if (failure == null) {
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
     * Queues a plain {@code PEXPIRE key ms} in the batch. Of Redisson 4.7.0's ways to set a key's
     * expiry, {@code RStreamAsync.expireAsync(Duration)} sends a Lua script and the suggested
     * replacement {@code RKeysAsync.expireAsync(Duration, String...)} is sent at once, outside the
     * batch (both seen with MONITOR); only this deprecated one queues the command itself.
     */
    @SuppressWarnings("deprecation")
    private void expire(RBatch batch, String key) {
        batch.getKeys().expireAsync(key, expiry.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publishWake(SessionKey session) {
        try {
            wakeTopic.publishAsync(session.toString()).whenComplete((receivers, error) -> {
                if (error != null) {
                    LOG.warning(() -> "redis error: PUBLISH " + WAKE_CHANNEL + " " + session + " failed: "
                            + AsyncResults.describe(error));
                }
            });
        } catch (RuntimeException e) {
            LOG.warning(() ->
                    "redis error: PUBLISH " + WAKE_CHANNEL + " " + session + " failed: " + AsyncResults.describe(e));
        }
    }

    @Override
    public CompletionStage<List<QueuedMessage>> read(SessionKey session, String afterId, int max) {
        if (max < 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        String key = streamKey(session);
        CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> range;
        try {
            StreamRangeArgs args = afterId == null
                    ? StreamRangeArgs.startId(StreamMessageId.MIN)
                            .endId(StreamMessageId.MAX)
                            .count(max)
                    : StreamRangeArgs.startIdExclusive(StreamIds.parse(afterId))
                            .endId(StreamMessageId.MAX)
                            .count(max);
            range = redisson.<String, byte[]>getStream(key, RawStreamCodec.INSTANCE)
                    .rangeAsync(args);
        } catch (RuntimeException e) {
            range = CompletableFuture.failedFuture(e);
        }
        return complete(range.thenApply(entries -> toMessages(key, entries)), "read of " + key);
    }

    private static List<QueuedMessage> toMessages(String key, Map<StreamMessageId, Map<String, byte[]>> entries) {
        List<QueuedMessage> messages = new ArrayList<>(entries.size());
        for (Map.Entry<StreamMessageId, Map<String, byte[]>> entry : entries.entrySet()) {
            String id = StreamIds.format(entry.getKey());
            Map<String, byte[]> fields = entry.getValue();
            byte[] envelope = fields.size() == 1 ? fields.get(FIELD) : null;
            if (envelope == null) {
                LOG.fine(() -> "skipping entry " + id + " of " + key + ": fields " + fields.keySet()
                        + " instead of exactly " + FIELD);
                continue;
            }
            messages.add(new QueuedMessage(id, envelope));
        }
        return messages;
    }

    @Override
    public void acknowledge(SessionKey session, String id) {
        StreamMessageId messageId = StreamIds.parse(id);
        if (closed) {
            LOG.fine(() -> "acknowledgement of " + id + " for " + session + " after close ignored");
            return;
        }
        while (true) {
            PendingAcks pending = pendingAcks.computeIfAbsent(session, PendingAcks::new);
            boolean flushNow;
            synchronized (pending) {
                if (pending.flushed) {
                    continue; // just flushed and removed: start the next batch
                }
                pending.ids.add(messageId);
                flushNow = pending.ids.size() >= ACK_BATCH;
                if (!flushNow && pending.ids.size() == 1) {
                    try {
                        Runnable flushLater = () -> flush(pending);
                        pending.timer = executor.schedule(flushLater, ACK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                    } catch (RejectedExecutionException e) {
                        flushNow = true; // no executor any more: do not leave the ids waiting
                    }
                }
            }
            if (flushNow) {
                flush(pending);
            }
            return;
        }
    }

    /** Sends the batch's XDEL (once); the batch is retired, later acks start a new one. */
    private CompletionStage<?> flush(PendingAcks pending) {
        StreamMessageId[] ids;
        synchronized (pending) {
            if (pending.flushed) {
                return CompletableFuture.completedFuture(null);
            }
            pending.flushed = true;
            if (pending.timer != null) {
                pending.timer.cancel(false);
            }
            ids = pending.ids.toArray(new StreamMessageId[0]);
        }
        pendingAcks.remove(pending.session, pending);
        String key = streamKey(pending.session);
        CompletionStage<Long> deleted;
        try {
            deleted = redisson.<String, byte[]>getStream(key, RawStreamCodec.INSTANCE)
                    .removeAsync(ids);
        } catch (RuntimeException e) {
            deleted = CompletableFuture.failedFuture(e);
        }
        return deleted.whenComplete((count, error) -> {
            if (error != null) {
                // the messages stay and are delivered again on the next connection: at least once
                LOG.warning(() -> "redis error: XDEL of " + ids.length + " ids on " + key + " failed: "
                        + AsyncResults.describe(error));
            }
        });
    }

    @Override
    public void subscribe(Consumer<SessionKey> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        startSubscription();
    }

    @Override
    public void onResync(Runnable callback) {
        resyncCallbacks.add(Objects.requireNonNull(callback, "callback"));
        startSubscription();
    }

    /**
     * Completes once the wake-up channel is subscribed for the first time (after the first
     * {@link #subscribe} or {@link #onResync}); from then on appends reach the listeners. Never
     * fails: a failed subscription is retried.
     */
    public CompletionStage<Void> listening() {
        return listening.minimalCompletionStage();
    }

    private void startSubscription() {
        synchronized (lock) {
            if (subscriptionStarted || closed) {
                return;
            }
            subscriptionStarted = true;
        }
        subscribeTopic();
    }

    /** Adds the status and message listeners to the wake topic; retried until it works. */
    private void subscribeTopic() {
        if (closed) {
            return;
        }
        StatusListener status = new StatusListener() {
            @Override
            public void onSubscribe(String channel) {
                resync();
            }

            @Override
            public void onUnsubscribe(String channel) {
                // nothing: the re-subscription (onSubscribe) is what matters
            }
        };
        MessageListener<String> wake = (channel, message) -> wake(message);
        CompletionStage<Integer> subscribed;
        try {
            subscribed = wakeTopic.addListenerAsync(status).thenCompose(statusId -> {
                keepTopicListener(statusId);
                return wakeTopic.addListenerAsync(String.class, wake);
            });
        } catch (RuntimeException e) {
            subscribed = CompletableFuture.failedFuture(e);
        }
        subscribed.whenComplete((wakeId, error) -> {
            if (error == null) {
                keepTopicListener(wakeId);
                // the status listener's first onSubscribe may not come if the client had already
                // subscribed the channel: resync here too (callbacks tolerate repeats)
                resync();
                listening.complete(null);
                return;
            }
            LOG.warning(() -> "redis error: subscribing to " + WAKE_CHANNEL + " failed, retrying in "
                    + RESUBSCRIBE_DELAY_MILLIS + " ms: " + AsyncResults.describe(error));
            removeTopicListeners();
            try {
                executor.schedule(this::subscribeTopic, RESUBSCRIBE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.warning(() -> "no executor to retry the subscription to " + WAKE_CHANNEL);
            }
        });
    }

    private void keepTopicListener(Integer id) {
        boolean remove;
        synchronized (lock) {
            remove = closed;
            if (!remove) {
                topicListenerIds.add(id);
            }
        }
        if (remove) {
            wakeTopic.removeListenerAsync(id);
        }
    }

    private CompletionStage<Void> removeTopicListeners() {
        Integer[] ids;
        synchronized (lock) {
            ids = topicListenerIds.toArray(new Integer[0]);
            topicListenerIds.clear();
        }
        if (ids.length == 0) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return wakeTopic.removeListenerAsync(ids);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void wake(String message) {
        SessionKey session;
        try {
            session = SessionKey.parse(message);
        } catch (IllegalArgumentException e) {
            LOG.fine(() -> "ignoring " + WAKE_CHANNEL + " message that is no session: " + message);
            return;
        }
        for (Consumer<SessionKey> listener : listeners) {
            try {
                listener.accept(session);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session queue listener failed", e);
            }
        }
    }

    private void resync() {
        LOG.fine(() -> "subscribed to " + WAKE_CHANNEL + ": resynchronizing listeners");
        for (Runnable callback : resyncCallbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session queue resync callback failed", e);
            }
        }
    }

    /**
     * Flushes the pending acknowledgements, unsubscribes, and waits (up to 2 s) for those
     * commands to be answered. Acknowledgements after this are ignored.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletableFuture<?>> waits = new ArrayList<>();
        for (PendingAcks pending : pendingAcks.values()) {
            waits.add(flush(pending).toCompletableFuture());
        }
        waits.add(removeTopicListeners().toCompletableFuture());
        try {
            CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]))
                    .get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // already logged by the flush; an unsubscription failure does not matter any more
            LOG.fine(() -> "closing the session queues: " + AsyncResults.describe(e));
        } catch (TimeoutException e) {
            LOG.warning(() -> "closing the session queues: Redis did not answer within " + CLOSE_WAIT_MILLIS
                    + " ms; unsent acknowledgements mean redelivery");
        }
    }
    /** The result of a Redis stage, completed on the executor, failures described. */
    private <T> CompletionStage<T> complete(CompletionStage<T> redis, String what) {
        return AsyncResults.completeOn(executor, redis, error -> failure(what, error));
    }

    private static Throwable failure(String what, Throwable error) {
        Throwable cause = AsyncResults.unwrap(error);
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return cause; // the caller's mistake, not Redis's
        }
        return new RedisQueueException(what + " failed: " + AsyncResults.describe(cause), cause);
    }

    /** One session's acknowledgements waiting for their XDEL; retired once flushed. */
    private static final class PendingAcks {
        final SessionKey session;
        final List<StreamMessageId> ids = new ArrayList<>();
        ScheduledFuture<?> timer;
        boolean flushed;

        PendingAcks(SessionKey session) {
            this.session = session;
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
            List<PendingAppend> batch = new ArrayList<>(Math.min(waiting.size(), APPEND_BATCH));
            while (!waiting.isEmpty() && batch.size() < APPEND_BATCH) {
                batch.add(waiting.poll());
            }
            return batch;
        }
    }
}
