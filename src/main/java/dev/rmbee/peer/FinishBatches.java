package dev.rmbee.peer;

import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import dev.rmbee.peer.bus.WrongTypeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Finished items on their way out of the taken lists, batched: one {@link LocalBus#finish} call is
 * in flight at a time, and a call goes out {@code linger} after the first item that waits for it
 * (or once the previous call came back), with whatever finished meanwhile, so under load many
 * items cost one Redis command; a push of the gateway made meanwhile takes them along instead
 * ({@link #carry}). Nothing waits for a finish but the item's permit and the taken
 * list: lingering delays no message, and a crash within it takes the item again at the next start,
 * as any crash before the call. A finish's stage may complete on a Redis client's reply thread
 * ({@link LocalBus#finish}): its callbacks must be short.
 */
final class FinishBatches {

    /** How long the gateway's finishes wait for others to share their call. */
    static final Duration LINGER = Duration.ofMillis(2);

    private record Waiting(FinishedItem item, CompletableFuture<Void> done) {}

    private final Function<List<FinishedItem>, CompletionStage<Void>> finish;
    private final ScheduledExecutorService scheduler;
    private final long lingerNanos;
    private final Object lock = new Object();
    // guarded by lock
    private List<Waiting> waiting = new ArrayList<>();
    private boolean inFlight;

    /** Without lingering: a call goes out at once when none is in flight. */
    FinishBatches(Function<List<FinishedItem>, CompletionStage<Void>> finish) {
        this(finish, null, Duration.ZERO);
    }

    /**
     * @param finish one call for a batch ({@link LocalBus#finish})
     * @param scheduler runs the calls that waited {@code linger}
     * @param linger how long a batch waits for more items before its call (zero: no wait)
     */
    FinishBatches(
            Function<List<FinishedItem>, CompletionStage<Void>> finish,
            ScheduledExecutorService scheduler,
            Duration linger) {
        this.finish = finish;
        this.scheduler = scheduler;
        this.lingerNanos = linger.toNanos();
    }

    /** Completes when {@code item} left its taken list (fails with the batch's failure). */
    CompletionStage<Void> finish(FinishedItem item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            waiting.add(new Waiting(item, done));
            if (inFlight) {
                return done;
            }
            inFlight = true;
        }
        sendLater();
        return done;
    }

    /** A call that can carry finished items along ({@link LocalBus#pushOnce} with its last argument). */
    interface Carrier<T> {
        CompletionStage<T> call(List<FinishedItem> riders);
    }

    /**
     * Makes {@code carrier}'s call, with whatever waits for its linger riding along: those items
     * are finished by that call instead of one of their own (a call already in flight keeps its
     * items). They complete with the call; a {@link WrongTypeException} of the push still finished
     * them.
     */
    <T> CompletionStage<T> carry(Carrier<T> carrier) {
        List<Waiting> riders;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                riders = List.of();
            } else {
                riders = waiting;
                waiting = new ArrayList<>();
            }
        }
        List<FinishedItem> items = new ArrayList<>(riders.size());
        riders.forEach(entry -> items.add(entry.item()));
        CompletionStage<T> call;
        try {
            call = carrier.call(items);
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        if (!riders.isEmpty()) {
            call.whenComplete((result, error) -> settle(riders, WrongTypeException.isIn(error) ? null : error));
        }
        return call;
    }

    private static void settle(List<Waiting> entries, Throwable error) {
        for (Waiting entry : entries) {
            if (error == null) {
                entry.done().complete(null);
            } else {
                entry.done().completeExceptionally(error);
            }
        }
    }

    /** {@link #sendNext} after the linger (at once without one, or when the scheduler is gone). */
    private void sendLater() {
        if (lingerNanos > 0) {
            try {
                scheduler.schedule(this::sendNext, lingerNanos, TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException shuttingDown) {
                // finish in place rather than leave the items in the taken list
            }
        }
        sendNext();
    }

    /** A call came back: the items that finished meanwhile go after their linger. */
    private void afterCall() {
        synchronized (lock) {
            if (waiting.isEmpty()) {
                inFlight = false;
                return;
            }
        }
        sendLater();
    }

    /** Sends what waits as one batch; when it completes, the next, until nothing waits. */
    private void sendNext() {
        List<Waiting> batch;
        synchronized (lock) {
            if (waiting.isEmpty()) {
                inFlight = false;
                return;
            }
            batch = waiting;
            waiting = new ArrayList<>();
        }
        List<FinishedItem> items = new ArrayList<>(batch.size());
        batch.forEach(entry -> items.add(entry.item()));
        CompletionStage<Void> sent;
        try {
            sent = finish.apply(items);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((result, error) -> {
            afterCall();
            settle(batch, error);
        });
    }
}
