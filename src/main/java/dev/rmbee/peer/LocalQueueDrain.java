package dev.rmbee.peer;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.LocalItem;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop that empties one system list ({@code msgbus.system.local} or {@code
 * msgbus.system.reply}; the gateway runs one loop per list, sharing the limit): one take at a
 * time, each item handed to {@code handler} and processed concurrently, at most as many at once as
 * the limit allows (beyond it the items wait in Redis). A take moves items into the gateway's
 * taken list: while items wait, as many as the free permits allow (up to {@value #MAX_TAKE}) in one
 * call ({@link LocalBus#takeSome}); once a take found fewer than it asked for, the next one blocks
 * for one item ({@link LocalBus#take}), and after such takes that found an item it asks for
 * several again now and then ({@link TakeRule}: less often while those asks find nothing). Once the
 * handler finished an item (sent, or its failure reported) it is removed from there, with the
 * request's backlog stored in the same step ({@link FinishBatches}: one call for whatever finished
 * meanwhile), so a crash leaves every item in progress for the next start. No thread is held
 * between takes: each is an asynchronous (blocking or not) move, and its completion schedules the
 * next one on the executor. A failed take pauses the
 * loop for the retry delay; stopping lets the pending take come back (its item, if any, is still
 * processed) and takes no more.
 *
 * <p>The items of a take are handed to the handler in the order they were taken, on the thread that
 * completed the take; the last one is marked as free to run there (the thread has nothing else to
 * do with it), the others go on to other threads, so a take of one item costs no further
 * hand-over; the next take then starts on that thread too, once those items are on their way.
 */
final class LocalQueueDrain {

    /** Processes the items the loop takes. */
    interface Handler {
        /**
         * Starts processing {@code item}.
         *
         * @param here the item may be processed on the calling thread before this returns (the
         *     last item of a take); otherwise it must go to another thread
         * @return completes when the item is finished, with what to store with its removal (a
         *     request's backlog)
         */
        CompletionStage<FinishedItem> handle(LocalItem item, boolean here);
    }

    private static final Logger LOG = Logger.getLogger(LocalQueueDrain.class.getName());
    /** With Redis away every pop fails: once a minute, with a count. */
    private static final LogThrottle FAILURES = LogThrottle.perInterval();

    /** The most items one take moves. */
    static final int MAX_TAKE = 32;

    private final LocalBus bus;
    private final FinishBatches finishes;
    private final String list;
    private final ScheduledExecutorService executor;
    private final InFlightLimit limit;
    private final Handler handler;
    private final Duration popTimeout;
    private final Duration retryDelay;
    private final Runnable popWithPermit = this::pop;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private final Object lock = new Object();
    // guarded by lock
    private boolean started;
    private boolean stopping;
    /** A pop is pending or a retry is scheduled: the loop ends once it comes back. */
    private boolean busy;
    /** Which take comes next. */
    private final TakeRule rule = new TakeRule();

    /**
     * @param finishes where finished items go (shared by the loops of a gateway)
     * @param list the system list this loop empties
     * @param handler processes one item
     */
    LocalQueueDrain(
            LocalBus bus,
            FinishBatches finishes,
            String list,
            ScheduledExecutorService executor,
            InFlightLimit limit,
            Handler handler,
            Duration popTimeout,
            Duration retryDelay) {
        this.bus = bus;
        this.finishes = finishes;
        this.list = list;
        this.executor = executor;
        this.limit = limit;
        this.handler = handler;
        this.popTimeout = popTimeout;
        this.retryDelay = retryDelay;
    }

    void start() {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("already started");
            }
            started = true;
        }
        next();
    }

    /** Pops no more; completes once the pending pop came back and its item was handed to the handler. */
    CompletableFuture<Void> stop() {
        boolean idle;
        synchronized (lock) {
            stopping = true;
            // waiting for a permit, not popping: nothing is pending
            idle = !busy && (!started || limit.cancel(popWithPermit));
        }
        if (idle) {
            ended.complete(null);
        }
        return ended;
    }

    private void next() {
        synchronized (lock) {
            if (stopping) {
                busy = false;
                ended.complete(null);
                return;
            }
            busy = false;
        }
        limit.acquireThen(popWithPermit);
    }

    /** Holds a permit: takes, and passes the permits on to the items (or gives them back). */
    private void pop() {
        boolean stopped;
        boolean batch;
        synchronized (lock) {
            stopped = stopping;
            busy = !stopped;
            batch = rule.several();
        }
        if (stopped) {
            limit.release();
            ended.complete(null);
            return;
        }
        int permits = batch ? 1 + limit.tryAcquire(MAX_TAKE - 1) : 1;
        CompletionStage<List<LocalItem>> taken;
        try {
            taken = batch
                    ? bus.takeSome(list, permits)
                    : bus.take(list, popTimeout)
                            .thenApply(item -> item.map(List::of).orElse(List.of()));
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        // a take that came back later goes on with the next one on the thread that completed it;
        // one that completed at once goes through the executor (no recursion)
        boolean atOnce = taken.toCompletableFuture().isDone();
        taken.whenComplete((items, error) -> {
            if (error != null) {
                limit.release(permits);
                FAILURES.log(
                        "pop " + list,
                        LOG,
                        Level.WARNING,
                        LogFields.none(),
                        () -> "peer: cannot take from " + list + ", retrying every " + retryDelay.toMillis() + " ms: "
                                + AsyncResults.describe(AsyncResults.unwrap(error)));
                retryLater();
                return;
            }
            synchronized (lock) {
                if (batch) {
                    rule.tookSeveral(permits, items.size());
                } else {
                    rule.tookOne(!items.isEmpty());
                }
            }
            limit.release(permits - items.size());
            for (int i = 0; i < items.size(); i++) {
                process(items.get(i), i == items.size() - 1);
            }
            if (atOnce) {
                execute(this::next);
            } else {
                next();
            }
        });
    }

    private void process(LocalItem item, boolean here) {
        CompletionStage<FinishedItem> finished;
        try {
            finished = handler.handle(item, here);
        } catch (RuntimeException e) {
            finished = CompletableFuture.failedFuture(e);
        }
        finished.whenComplete((result, error) -> finish(result == null ? FinishedItem.of(item) : result));
    }

    /**
     * Removes the finished item from the taken list, then gives its permit back (possibly on a Redis
     * client's reply thread, where the next take may then be sent: nothing longer).
     */
    private void finish(FinishedItem item) {
        CompletionStage<Void> removed;
        try {
            removed = finishes.finish(item);
        } catch (RuntimeException e) {
            removed = CompletableFuture.failedFuture(e);
        }
        removed.whenComplete((done, failure) -> {
            if (failure != null) {
                FAILURES.log(
                        "finish " + list,
                        LOG,
                        Level.WARNING,
                        LogFields.none(),
                        () -> "peer: a finished item stays in the taken list of " + list
                                + " (taken again at the next start): "
                                + AsyncResults.describe(AsyncResults.unwrap(failure)));
            }
            limit.release();
        });
    }

    private void retryLater() {
        try {
            executor.schedule(this::next, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                stopping = true;
            }
            next();
        }
    }

    private void execute(Runnable step) {
        try {
            executor.execute(step);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                stopping = true; // the executor is going away: end the loop
            }
            step.run();
        }
    }
}
