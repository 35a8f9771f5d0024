package dev.rmbee.federation.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The reads a queue sent to Redis and Redis did not answer yet, so that closing can wait until none
 * waits in Redis any more: Redis hands a new entry to the longest-waiting read of the group, and a
 * read of a closed queue would take it away from the next run's.
 */
final class WaitingReads {

    private final Set<CompletableFuture<?>> reads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Sends the read unless closed (then answers {@code ifClosed} and sends nothing); the read
     * counts as waiting from before it is sent until Redis answered it.
     */
    <T> CompletionStage<T> send(Supplier<CompletionStage<T>> read, T ifClosed) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        reads.add(answer); // before the closed check: close() either waits for it or it is not sent
        if (closed) {
            reads.remove(answer);
            return CompletableFuture.completedFuture(ifClosed);
        }
        CompletionStage<T> sent;
        try {
            sent = read.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((value, error) -> {
            reads.remove(answer);
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        });
        return answer;
    }

    /** Sends nothing more and waits up to {@code bound} until every read sent was answered. */
    void closeAndAwait(Duration bound) {
        closed = true;
        try {
            CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a failed read ended too; one still waiting after the bound is Redis's to end
        }
    }
}
