package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.relay.QueueDepth;
import dev.rmbee.relay.QueueTotals;
import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.wire.SessionKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;

/**
 * Session queues in Redis streams, with the reference relay's keys and entries (relay.md §4.1,
 * §14), so that every relay instance sharing the Redis sees the same queues:
 *
 * <ul>
 *   <li>a session's queue is the stream {@code stream:<session>} ({@link SessionKey#toString()});
 *       each entry has one field {@code _} holding the raw envelope bytes;
 *   <li>append: one Lua script call per batch ({@link SenderShares#APPEND}, by {@code EVALSHA}):
 *       {@code XADD stream:<s> * _ <bytes>} for each envelope that fits, {@code PEXPIRE} of the
 *       stream and its companion hash, and a wake-up only for the instance holding the session
 *       ({@link SessionHolders}): {@code PUBLISH rmb.relay.wake:<holder> <s>}, nothing when it is
 *       this instance, {@code PUBLISH rmb.relay.wake <s>} when there is none (the reference sends
 *       {@code XADD … MAXLEN ~} and {@code EXPIRE} in seconds). A full stream or a sender holding
 *       half of it refuses the envelope with a {@link dev.rmbee.relay.budget.QueueFullException}
 *       ({@link SenderShares}). Appends to one stream are sent in call order, batched while one
 *       call of the stream is in flight ({@link StreamAppends});
 *   <li>read: {@code XRANGE stream:<s> - + COUNT <max>} (or from the exclusive start {@code
 *       (<afterId>}) in a script that also claims or keeps the session's holder key ({@link
 *       StreamReads});
 *   <li>acknowledge: {@code XDEL stream:<s> <id>…} in a script that also takes the entries off
 *       their senders' counts, batched per session: flushed when
 *       {@value #ACK_BATCH} ids are pending or {@value #ACK_DELAY_MILLIS} ms after the first
 *       pending one, and on {@link #close()} ({@link AcknowledgementBatches});
 *   <li>{@link #subscribe} listens on this instance's channel and the common one; every
 *       (re)subscription runs the {@link #onResync} callbacks ({@link WakeChannel});
 *   <li>the operator's depth, listing and purge of the queues are {@link QueueInspection}'s.
 * </ul>
 *
 * <p><b>Redis away.</b> An append or read waits at most {@link RedisQueueLimits#timeout()} and is
 * not retried; a Redis that does not answer fails it with a {@link
 * dev.rmbee.relay.QueueUnavailableException}, and appends beyond {@link
 * RedisQueueLimits#maxWaitingBytes()} are refused at once. The outage is logged once when it
 * begins and once when Redis answers again ({@link RedisOutage}).
 *
 * <p><b>Redis Cluster.</b> No command spans hash slots: a stream, its companion hash and its holder
 * key share one (the reference's multi-key {@code XREAD} is not used). On a cluster the PUBLISH is
 * sent only once the script stored something, so a wake-up never overtakes its entry.
 *
 * <p><b>Threads.</b> No call blocks on Redis except {@link #close()} (bounded). Through the RESP
 * client ({@code rmb.redis.hot-client=resp}) the appends and reads Redis answered complete on its
 * reader thread, listeners and resync callbacks run on its subscriber's; through Redisson stages
 * complete on the executor given to the constructor (never on Redisson's I/O threads), listeners
 * run on Redisson's threads. Listeners must be quick. The clients belong to the caller: {@link
 * #close()} shuts neither down.
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

    /** Most appends of one stream sent in one script call. */
    public static final int APPEND_BATCH = 256;

    /** Longest time an acknowledgement waits for others before its XDEL is sent. */
    public static final long ACK_DELAY_MILLIS = 10;

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());

    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final WakeChannel wake;
    private final StreamAppends appends;
    private final StreamReads reads;
    private final AcknowledgementBatches acknowledgements;
    private final QueueInspection inspection;
    private final StreamTotals totals;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param redisson a connected client; it stays the caller's (not shut down by {@link #close()})
     * @param executor runs the acknowledgement flushes and completes Redisson's stages (a managed one)
     * @param maxLength bound of one session's queue; one sender may hold half of it
     * @param expiry how long a queue lives after its last append (at least one millisecond)
     */
    public RedisSessionQueues(
            RedissonClient redisson, ScheduledExecutorService executor, int maxLength, Duration expiry) {
        this(redisson, executor, maxLength, expiry, new RelayCounters());
    }

    /** @param counters counts every envelope stored by this instance ({@link RelayCounters#queued}) */
    public RedisSessionQueues(
            RedissonClient redisson,
            ScheduledExecutorService executor,
            int maxLength,
            Duration expiry,
            RelayCounters counters) {
        this(redisson, executor, maxLength, expiry, !redisson.getConfig().isClusterConfig(), counters);
    }

    /**
     * @param limits how long an append or read waits for Redis, and how much may wait for it
     * @param hot the RESP client of the hot path ({@code rmb.redis.hot-client}); null: Redisson
     */
    public RedisSessionQueues(
            RedissonClient redisson,
            ScheduledExecutorService executor,
            int maxLength,
            Duration expiry,
            RelayCounters counters,
            RedisQueueLimits limits,
            RespCommands hot) {
        this(redisson, executor, maxLength, expiry, !redisson.getConfig().isClusterConfig(), counters, limits, hot);
    }

    /** {@code publishInBatch} false: PUBLISH after the XADD batch completed (what a cluster needs). */
    RedisSessionQueues(
            RedissonClient redisson,
            ScheduledExecutorService executor,
            int maxLength,
            Duration expiry,
            boolean publishInBatch,
            RelayCounters counters) {
        this(redisson, executor, maxLength, expiry, publishInBatch, counters, RedisQueueLimits.DEFAULTS, null);
    }

    RedisSessionQueues(
            RedissonClient redisson,
            ScheduledExecutorService executor,
            int maxLength,
            Duration expiry,
            boolean publishInBatch,
            RelayCounters counters,
            RedisQueueLimits limits,
            RespCommands hot) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("queue length must be at least 1");
        }
        if (expiry.toMillis() < 1) {
            throw new IllegalArgumentException("queue expiry must be at least 1 ms");
        }
        Objects.requireNonNull(redisson, "redisson");
        Objects.requireNonNull(executor, "executor");
        RedisOutage outage = new RedisOutage(Clock.systemUTC(), limits.timeout());
        WakeTransport transport = hot == null
                ? new RedissonWakeTransport(redisson, executor, outage)
                : new RespWakeTransport(hot, outage);
        this.wake = new WakeChannel(newInstanceId(), transport, outage);
        AppendScript script = AppendScript.of(redisson, hot, limits);
        this.appends =
                new StreamAppends(script, executor, maxLength, expiry, publishInBatch, wake, counters, limits, outage);
        this.reads = hot == null
                ? new RedissonStreamReads(redisson, executor, limits, outage, wake.instanceId(), expiry)
                : new RespStreamReads(hot, executor, outage, wake.instanceId(), expiry);
        this.acknowledgements = new AcknowledgementBatches(AcknowledgementScript.of(redisson, hot), executor, outage);
        this.inspection = new QueueInspection(redisson, executor);
        this.totals = new StreamTotals(redisson, executor);
    }

    /** 16 random hex digits: unique among the instances sharing a Redis, new at every start. */
    private static String newInstanceId() {
        return String.format("%016x", new SecureRandom().nextLong());
    }

    /** This instance's id in the holder keys and its wake-up channel ({@link SessionHolders}). */
    public String instanceId() {
        return wake.instanceId();
    }

    /** The stream key of a session: {@code stream:<twin>} or {@code stream:<twin>:<sid>}. */
    public static String streamKey(SessionKey session) {
        return KEY_PREFIX + session;
    }

    @Override
    public CompletionStage<Void> append(SessionKey session, byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return appends.append(session, envelope);
    }

    @Override
    public CompletionStage<List<QueuedMessage>> read(SessionKey session, String afterId, int max) {
        if (max < 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        return reads.read(streamKey(session), afterId, max, wake.heardUnheld(session) ? SessionHolders.KEEP : null);
    }

    /** Also records, in the same script as the read, that this instance now holds the session. */
    @Override
    public CompletionStage<List<QueuedMessage>> readForNewConnection(SessionKey session, int max) {
        if (max < 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        return reads.read(streamKey(session), null, max, SessionHolders.CLAIM);
    }

    @Override
    public void acknowledge(SessionKey session, String id) {
        StreamMessageId messageId = StreamIds.parse(id);
        if (closed.get()) {
            LOG.fine(() -> "acknowledgement of " + id + " for " + session + " after close ignored");
            return;
        }
        acknowledgements.acknowledge(session, messageId);
    }

    /**
     * Scans the streams {@code stream:*} (at most {@code maxSessions}) for their length ({@code
     * XLEN}) and memory ({@code MEMORY USAGE}), in pipelined batches, on the executor.
     */
    @Override
    public CompletionStage<QueueTotals> queuedTotals(int maxSessions) {
        return totals.scan(maxSessions);
    }

    @Override
    public CompletionStage<QueueDepth> inspectQueue(SessionKey session) {
        return inspection.depth(session);
    }

    @Override
    public CompletionStage<List<QueueDepth>> inspectQueues(OptionalInt twin, int limit) {
        return inspection.list(twin, limit);
    }

    @Override
    public CompletionStage<Long> purgeQueue(SessionKey session) {
        return inspection.purge(session);
    }

    @Override
    public void subscribe(Consumer<SessionKey> listener) {
        wake.subscribe(listener);
    }

    @Override
    public void onResync(Runnable callback) {
        wake.onResync(callback);
    }

    /** Completes once the wake-up channel is first subscribed (after {@link #subscribe} or {@link #onResync}); never fails. */
    public CompletionStage<Void> listening() {
        return wake.listening();
    }

    /**
     * Flushes the pending acknowledgements, unsubscribes, and waits (up to 2 s) for those
     * commands to be answered. Acknowledgements after this are ignored.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<?>> waits = new ArrayList<>(acknowledgements.flushAll());
        waits.add(wake.close().toCompletableFuture());
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
}
