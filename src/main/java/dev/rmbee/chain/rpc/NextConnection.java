package dev.rmbee.chain.rpc;

import dev.rmbee.async.AsyncResults;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link NodePool}'s retry of a call that a lost connection did not answer: the callers waiting
 * for the next connection, each for at most {@code timeout}, and the retry itself. Thread-safe.
 */
final class NextConnection {

    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final List<CompletableFuture<RpcConnection>> waiting = new ArrayList<>();
    private RpcUnavailableException closed; // guarded by "waiting"

    NextConnection(ScheduledExecutorService scheduler, Duration timeout) {
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /**
     * A wait: completed by {@link #connected}, failed by {@link #closed} or after the timeout with
     * an {@link RpcUnavailableException} naming {@code lastError}. The caller checks the pool's
     * state after adding it, so that a connection made meanwhile is not missed.
     */
    CompletableFuture<RpcConnection> add(Supplier<String> lastError) {
        CompletableFuture<RpcConnection> next = new CompletableFuture<>();
        synchronized (waiting) {
            if (closed != null) {
                return CompletableFuture.failedFuture(closed);
            }
            waiting.add(next);
        }
        ScheduledFuture<?> expiry = scheduler.schedule(
                () -> next.completeExceptionally(
                        new RpcUnavailableException("no chain node connected within " + timeout + lastError.get())),
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        next.whenComplete((value, error) -> {
            expiry.cancel(false);
            synchronized (waiting) {
                waiting.remove(next);
            }
        });
        return next;
    }

    /**
     * {@code method} on {@code first}; when {@code first} is lost before the answer, once more on the
     * connection {@code after} gives. Error answers and timeouts of a connection still up are final.
     */
    static CompletableFuture<JsonValue> call(
            RpcConnection first,
            Function<RpcConnection, CompletableFuture<RpcConnection>> after,
            String method,
            JsonValue... params) {
        return first.call(method, params)
                .handle((result, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(result);
                    }
                    Throwable cause = AsyncResults.unwrap(error);
                    if (!(cause instanceof RpcUnavailableException) || first.isOpen()) {
                        return CompletableFuture.<JsonValue>failedFuture(cause);
                    }
                    return after.apply(first).thenCompose(second -> second.call(method, params));
                })
                .thenCompose(Function.identity());
    }

    void connected(RpcConnection connection) {
        take().forEach(next -> next.complete(connection));
    }

    void closed(RpcUnavailableException reason) {
        synchronized (waiting) {
            closed = reason;
        }
        take().forEach(next -> next.completeExceptionally(reason));
    }

    private List<CompletableFuture<RpcConnection>> take() {
        synchronized (waiting) {
            List<CompletableFuture<RpcConnection>> taken = new ArrayList<>(waiting);
            waiting.clear();
            return taken;
        }
    }
}
