package dev.rmbee.peer;

import dev.rmbee.peer.bus.FinishedItem;
import dev.rmbee.peer.bus.LocalBus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Finished items on their way out of the taken lists, batched: one {@link LocalBus#finish} call is
 * in flight at a time, and whatever finishes meanwhile goes in the next call, so under load many
 * items cost one Redis command and an idle gateway pays one per item, without waiting.
 */
final class FinishBatches {

    private record Waiting(FinishedItem item, CompletableFuture<Void> done) {}

    private final Function<List<FinishedItem>, CompletionStage<Void>> finish;
    private final Object lock = new Object();
    // guarded by lock
    private List<Waiting> waiting = new ArrayList<>();
    private boolean inFlight;

    /** @param finish one call for a batch ({@link LocalBus#finish}) */
    FinishBatches(Function<List<FinishedItem>, CompletionStage<Void>> finish) {
        this.finish = finish;
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
        sendNext();
        return done;
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
            sendNext();
            for (Waiting entry : batch) {
                if (error == null) {
                    entry.done().complete(null);
                } else {
                    entry.done().completeExceptionally(error);
                }
            }
        });
    }
}
