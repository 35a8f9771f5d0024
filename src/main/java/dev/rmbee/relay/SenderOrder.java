package dev.rmbee.relay;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Keeps each sender's envelopes in the order they came while some of them wait (for a twin lookup
 * in a remote registry), without holding up any other sender: a step runs at once when nothing of
 * its sender waits, else after the sender's last waiting step. Steps of one sender are submitted
 * one at a time (a connection's frames arrive in sequence).
 */
final class SenderOrder {

    private final ConcurrentMap<Connection, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();

    /**
     * Runs {@code step} in its sender's order; the step returns a stage that is complete when the
     * envelope has been dealt with (at once, unless it had to wait).
     */
    void submit(Connection sender, Supplier<CompletableFuture<Void>> step) {
        CompletableFuture<Void> before = waiting.get(sender);
        CompletableFuture<Void> done = before == null
                ? step.get()
                : before.handle((ok, failure) -> null).thenCompose(ok -> step.get());
        if (done.isDone()) {
            if (before != null) {
                waiting.remove(sender, before);
            }
            return;
        }
        waiting.put(sender, done);
        done.whenComplete((ok, failure) -> waiting.remove(sender, done));
    }
}
