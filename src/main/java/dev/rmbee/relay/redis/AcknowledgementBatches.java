package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.wire.SessionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.redisson.api.stream.StreamMessageId;

/**
 * Acknowledgements of the session queues, batched per session into one call of the script {@link
 * SenderShares#ACKNOWLEDGE} (each entry off its sender's count, then one {@code XDEL stream:<s>
 * <id>…}): sent when {@value RedisSessionQueues#ACK_BATCH} ids of the session are pending, by the
 * one flush timer of all sessions ({@value RedisSessionQueues#ACK_DELAY_MILLIS} ms after the first id
 * pending since its last run; none runs while nothing is pending), and by {@link #flushAll()}. The
 * cost follows the load: at most one timer task per interval however many sessions have pending ids,
 * and none for idle sessions. A failed XDEL is logged: the messages stay and are delivered again on
 * the next connection.
 */
final class AcknowledgementBatches {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());
    /** With Redis away every batch fails: once a minute, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    private final AcknowledgementScript script;
    private final ScheduledExecutorService executor;
    private final ConcurrentMap<SessionKey, PendingAcks> pendingAcks = new ConcurrentHashMap<>();
    private final RedisOutage outage;
    /** Whether the flush timer is scheduled; set by the id that finds it unscheduled. */
    private final AtomicBoolean timerArmed = new AtomicBoolean();

    /**
     * @param script runs the batches' script, through Redisson or the RESP client
     * @param executor runs the delayed flushes
     * @param outage learns of every batch Redis did not answer (and logs the outage once)
     */
    AcknowledgementBatches(AcknowledgementScript script, ScheduledExecutorService executor, RedisOutage outage) {
        this.script = script;
        this.executor = executor;
        this.outage = outage;
    }

    void acknowledge(SessionKey session, StreamMessageId messageId) {
        while (true) {
            PendingAcks pending = pendingAcks.computeIfAbsent(session, PendingAcks::new);
            boolean flushNow;
            synchronized (pending) {
                if (pending.flushed) {
                    continue; // just flushed and removed: start the next batch
                }
                pending.ids.add(messageId);
                flushNow = pending.ids.size() >= RedisSessionQueues.ACK_BATCH;
            }
            if (flushNow || !armTimer()) {
                flush(pending);
            }
            return;
        }
    }

    /**
     * Schedules the flush timer unless it is scheduled already (an id added before this is flushed
     * by it: the timer disarms before it looks at the batches); false when there is no executor any
     * more, so that the ids do not wait.
     */
    private boolean armTimer() {
        if (!timerArmed.compareAndSet(false, true)) {
            return true;
        }
        try {
            executor.schedule(this::timer, RedisSessionQueues.ACK_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException e) {
            timerArmed.set(false);
            return false;
        }
    }

    private void timer() {
        timerArmed.set(false);
        flushAll();
    }

    /** Sends every pending batch now; the stages complete when Redis answered them. */
    List<CompletableFuture<?>> flushAll() {
        List<CompletableFuture<?>> flushes = new ArrayList<>();
        for (PendingAcks pending : pendingAcks.values()) {
            flushes.add(flush(pending).toCompletableFuture());
        }
        return flushes;
    }

    /** Sends the batch's XDEL (once); the batch is retired, later acks start a new one. */
    private CompletionStage<?> flush(PendingAcks pending) {
        StreamMessageId[] ids;
        synchronized (pending) {
            if (pending.flushed) {
                return CompletableFuture.completedFuture(null);
            }
            pending.flushed = true;
            ids = pending.ids.toArray(new StreamMessageId[0]);
        }
        pendingAcks.remove(pending.session, pending);
        String key = RedisSessionQueues.streamKey(pending.session);
        byte[][] args = new byte[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            args[i] = StreamIds.format(ids[i]).getBytes(StandardCharsets.US_ASCII);
        }
        return AsyncResults.call(() -> script.delete(key, args)).whenComplete((count, error) -> {
            if (error == null) {
                outage.answered();
            } else if (!outage.failed("XDEL on " + key, error)) {
                // the messages stay and are delivered again on the next connection: at least once
                FAILURES.log(
                        "xdel",
                        LOG,
                        Level.WARNING,
                        LogFields.session(pending.session),
                        () -> "redis error: XDEL of " + ids.length + " ids on " + key + " failed: "
                                + AsyncResults.describe(error));
            }
        });
    }

    /** One session's acknowledgements waiting for their XDEL; retired once flushed. */
    private static final class PendingAcks {
        final SessionKey session;
        final List<StreamMessageId> ids = new ArrayList<>();
        boolean flushed;

        PendingAcks(SessionKey session) {
            this.session = session;
        }
    }
}
