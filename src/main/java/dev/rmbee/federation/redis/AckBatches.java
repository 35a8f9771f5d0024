package dev.rmbee.federation.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Acknowledgements of the federation stream sent together: at most one batch is in flight, and the
 * ids acknowledged while it is go out as the next batch, one {@code XACK} and one {@code XDEL} for all
 * of them, as soon as it was answered. A lone acknowledgement goes out at once (nothing waits for a
 * timer), and under load the batches grow with it. Each acknowledgement's stage completes with its
 * batch's outcome, all of a batch's in one task on the executor.
 *
 * @param <T> what identifies an entry
 */
final class AckBatches<T> {

    /** Ids in one batch at most; more wait for the next. */
    static final int MAX_BATCH = 256;

    private final Function<List<T>, CompletionStage<?>> sender;
    private final Executor executor;
    private final Object lock = new Object();
    // guarded by lock
    private List<Waiting<T>> next = new ArrayList<>();
    private boolean sending;

    private record Waiting<T>(T id, CompletableFuture<Void> done) {}

    /**
     * @param sender sends one batch (never empty, in the order acknowledged); its stage completes
     *     when Redis answered
     * @param executor completes the acknowledgements' stages
     */
    AckBatches(Function<List<T>, CompletionStage<?>> sender, Executor executor) {
        this.sender = sender;
        this.executor = executor;
    }

    /** Acknowledges one entry: sent now when no batch is in flight, else with the next batch. */
    CompletionStage<Void> acknowledge(T id) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            next.add(new Waiting<>(id, done));
            if (sending) {
                return done;
            }
            sending = true;
        }
        sendNext();
        return done;
    }

    /** Sends what waits (up to {@link #MAX_BATCH}); when it is answered, the next batch, until none waits. */
    private void sendNext() {
        List<Waiting<T>> batch;
        synchronized (lock) {
            if (next.isEmpty()) {
                sending = false;
                return;
            }
            if (next.size() <= MAX_BATCH) {
                batch = next;
                next = new ArrayList<>();
            } else {
                batch = new ArrayList<>(next.subList(0, MAX_BATCH));
                next = new ArrayList<>(next.subList(MAX_BATCH, next.size()));
            }
        }
        List<T> ids = new ArrayList<>(batch.size());
        batch.forEach(waiting -> ids.add(waiting.id()));
        CompletionStage<?> sent;
        try {
            sent = sender.apply(ids);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((ok, error) -> {
            complete(batch, error);
            sendNext();
        });
    }

    private void complete(List<Waiting<T>> batch, Throwable error) {
        Runnable completion = () -> batch.forEach(waiting -> {
            if (error == null) {
                waiting.done().complete(null);
            } else {
                waiting.done().completeExceptionally(error);
            }
        });
        try {
            executor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }
}
