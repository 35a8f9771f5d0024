package dev.rmbee.chain.publish;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.retry.Backoff;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs a peer's publish at start and again with backoff while it fails, logging each different
 * reason once; the last outcome stays readable ({@link #outcome()}) so the peer can report itself
 * not ready meanwhile. The gateway serves local programs whatever happens here.
 */
public final class PublishSchedule implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PublishSchedule.class.getName());

    private final Supplier<CompletableFuture<PublishOutcome>> publish;
    private final ScheduledExecutorService scheduler;
    private final Backoff.Series backoff;
    private volatile PublishOutcome outcome = PublishOutcome.failed("not published yet");
    private String lastLogged;
    private ScheduledFuture<?> retry;
    private boolean closed;

    public PublishSchedule(
            Supplier<CompletableFuture<PublishOutcome>> publish,
            ScheduledExecutorService scheduler,
            Backoff backoff,
            DoubleSupplier random) {
        this.publish = publish;
        this.scheduler = scheduler;
        this.backoff = backoff.series(random);
    }

    /** Publishes now; the returned stage completes with the first attempt's outcome. */
    public CompletableFuture<PublishOutcome> start() {
        return attempt();
    }

    /** The last attempt's outcome ({@code failed: not published yet} before the first ends). */
    public PublishOutcome outcome() {
        return outcome;
    }

    private CompletableFuture<PublishOutcome> attempt() {
        return AsyncResults.call(publish::get)
                .toCompletableFuture()
                .exceptionally(failure -> PublishOutcome.failed(AsyncResults.describe(AsyncResults.unwrap(failure))))
                .thenApply(this::settled);
    }

    private synchronized PublishOutcome settled(PublishOutcome result) {
        outcome = result;
        if (closed) {
            return result;
        }
        if (!result.failed()) {
            LOG.info(() -> "tfchain: " + result);
            backoff.reset();
            return result;
        }
        Duration delay = backoff.next();
        if (!result.detail().equals(lastLogged)) {
            lastLogged = result.detail();
            LOG.warning("tfchain: publishing this peer's relays and e2e key failed (" + result.detail()
                    + "); retrying with backoff, next in " + delay.toSeconds() + " s");
        }
        retry = scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        return result;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
    }
}
