package dev.rmbee.relay;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.wire.SessionKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves queued envelopes to the connections of this relay instance (relay.md §4.2–4.3), with
 * at-least-once delivery: a message is acknowledged (removed from its queue) only after it was
 * written to the socket, so whatever a connection did not confirm is read again by the session's
 * next connection. Each connection has at most {@code window} messages in flight: a slow reader's
 * messages wait in its queue, never in memory here, and never hold up other sessions. Expired
 * envelopes are not delivered; the sender of an expired request gets an error envelope
 * ({@link ExpiredRequests}).
 */
public final class SessionDelivery {

    private static final Logger LOG = Logger.getLogger(SessionDelivery.class.getName());
    /** A queue that cannot be read (Redis away) fails again every retry: logged once a minute, with a count. */
    private static final LogThrottle READ_FAILURES = LogThrottle.perInterval();

    private static final long RETRY_DELAY_MILLIS = 1000;

    private final SessionQueues queues;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final int window;
    private final RelayCounters counters;
    private final ConcurrentMap<SessionKey, Outbox> outboxes = new ConcurrentHashMap<>();
    private final ExpiredRequests expired;

    public SessionDelivery(
            SessionQueues queues, Executor executor, ScheduledExecutorService scheduler, Clock clock, int window) {
        this(queues, executor, scheduler, clock, window, new RelayCounters());
    }

    /** @param counters counts every envelope delivered ({@link RelayCounters#delivered}) */
    public SessionDelivery(
            SessionQueues queues,
            Executor executor,
            ScheduledExecutorService scheduler,
            Clock clock,
            int window,
            RelayCounters counters) {
        this.queues = queues;
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.window = window;
        this.counters = counters;
        this.expired = new ExpiredRequests(queues, this::wake, clock, counters);
        queues.subscribe(this::wake);
    }

    /** Starts delivering a session's queue, from its oldest message, to a new connection. */
    public void attach(Connection connection) {
        attachIf(connection, candidate -> true);
    }

    /**
     * Starts delivering a session's queue to {@code connection} if it is (still) the session's
     * registered connection; else does nothing. The check and the hand-over are one step per
     * session, so of connections of one session opening at once the one registered last always
     * ends up with the outbox: each attaches after its own registration, and once the last one
     * registered no other passes the check.
     *
     * @return true when the connection got the session's outbox
     */
    public boolean attachRegistered(Connection connection, SessionRegistry sessions) {
        return attachIf(connection, sessions::isRegistered);
    }

    private boolean attachIf(Connection connection, Predicate<Connection> current) {
        Outbox outbox = new Outbox(connection);
        Outbox[] replaced = new Outbox[1];
        Outbox now = outboxes.compute(connection.session(), (session, existing) -> {
            if (!current.test(connection)) {
                return existing;
            }
            replaced[0] = existing;
            return outbox;
        });
        if (replaced[0] != null) {
            replaced[0].stop();
        }
        if (now != outbox) {
            return false;
        }
        outbox.wake();
        return true;
    }

    /** Stops delivering to a connection that went away (no-op if a newer one took its place). */
    public void detach(Connection connection) {
        Outbox outbox = outboxes.get(connection.session());
        if (outbox != null && outbox.connection == connection && outboxes.remove(connection.session(), outbox)) {
            outbox.stop();
        }
    }

    /** Tells the session's connection, if it is here, that its queue may have new messages. */
    public void wake(SessionKey session) {
        Outbox outbox = outboxes.get(session);
        if (outbox != null) {
            outbox.wake();
        }
    }

    /** Re-checks every connected session, e.g. after wake-ups may have been missed. */
    public void wakeAll() {
        outboxes.values().forEach(Outbox::wake);
    }

    /** Delivery state of one connection; every field is guarded by the outbox itself. */
    private final class Outbox {
        final Connection connection;
        final SessionKey session;
        String lastReadId;
        boolean firstReadDone;
        int inFlight;
        boolean reading;
        boolean wakePending;
        boolean stopped;

        Outbox(Connection connection) {
            this.connection = connection;
            this.session = connection.session();
        }

        void wake() {
            synchronized (this) {
                wakePending = true;
            }
            readIfReady();
        }

        synchronized void stop() {
            stopped = true;
        }

        private void readIfReady() {
            int room;
            String after;
            boolean first;
            synchronized (this) {
                if (stopped || reading || !wakePending || inFlight >= window) {
                    return;
                }
                reading = true;
                wakePending = false;
                room = window - inFlight;
                after = lastReadId;
                first = !firstReadDone;
            }
            // delivered on the thread that completes the read: the caller's with the embedded queues (their
            // stages are already complete), an executor thread with Redis (RedisSessionQueues completes there,
            // never on its I/O threads); one more hand-off to the managed executor per page cost a task with
            // its thread-context capture each time, for nothing
            CompletionStage<List<QueuedMessage>> read =
                    first ? queues.readForNewConnection(session, room) : queues.read(session, after, room);
            read.whenComplete((messages, failure) -> {
                if (failure != null) {
                    readFailed(failure);
                    synchronized (this) {
                        reading = false;
                        wakePending = true;
                    }
                    scheduler.schedule(
                            () -> executor.execute(this::readIfReady), RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                    return;
                }
                deliver(messages, room);
            });
        }

        /**
         * A backend that is away logs that itself, once ({@link QueueUnavailableException}); other
         * failures are a throttled warning with the error.
         */
        private void readFailed(Throwable failure) {
            LogFields fields = LogFields.twin(session.twin()).andSession(session);
            if (AsyncResults.unwrap(failure) instanceof QueueUnavailableException) {
                fields.log(LOG, Level.FINE, () -> "reading a session queue failed; retrying: " + failure);
                return;
            }
            READ_FAILURES
                    .occurred("read")
                    .ifPresent(repeats -> fields.log(
                            LOG,
                            Level.WARNING,
                            () -> "reading a session queue failed; retrying" + repeats.suffix(),
                            failure));
        }

        private void deliver(List<QueuedMessage> messages, int requested) {
            long now = clock.instant().getEpochSecond();
            List<QueuedMessage> live = new ArrayList<>(messages.size());
            List<QueuedMessage> gone = new ArrayList<>(0);
            synchronized (this) {
                if (stopped) {
                    reading = false;
                    return;
                }
                firstReadDone = true;
                if (messages.size() == requested) {
                    wakePending = true; // a full page: there may be more
                }
                for (QueuedMessage message : messages) {
                    lastReadId = message.id();
                    if (EnvelopeDeadlines.isExpired(message.envelope(), now)) {
                        gone.add(message);
                    } else {
                        live.add(message);
                    }
                }
                inFlight += live.size();
            }
            // outside the lock: the error reply wakes the requester's outbox, which may be delivering to this one
            for (QueuedMessage message : gone) {
                queues.acknowledge(session, message.id());
                expired.report(message.envelope());
            }
            for (QueuedMessage message : live) {
                connection.send(message.envelope(), failure -> sent(message, failure));
            }
            // only now may the next page be read: were it read while these are still being handed to the
            // connection, its messages could overtake them (the next page's delivery runs on another thread)
            synchronized (this) {
                reading = false;
            }
            readIfReady();
        }

        private void sent(QueuedMessage message, Throwable failure) {
            synchronized (this) {
                inFlight--;
                if (failure != null) {
                    // the connection is gone or broken: the message stays queued for the next one
                    stopped = true;
                    return;
                }
            }
            counters.delivered(message.envelope().length);
            queues.acknowledge(session, message.id());
            readIfReady();
        }
    }
}
