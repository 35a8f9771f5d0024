package dev.rmbee.federation;

import dev.rmbee.async.AsyncResults;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The federation gateway's workers: each loops, taking up to {@value FederationGateway#CONCURRENCY}
 * entries, handling them concurrently ({@link FederationDelivery}), waiting for all, again.
 * Nothing blocks between steps: the loops are chains of tasks on the given executor (a managed
 * one in the container), and waits happen in the queue. A worker whose take failed (Redis
 * unreachable) pauses and tries again, with one warning per outage.
 */
final class FederationWorkers {

    /** How long a worker's take waits in the queue for new entries. */
    static final Duration POLL_WAIT = Duration.ofSeconds(1);

    /** Pause of a worker after the queue failed (Redis unreachable). */
    static final Duration ERROR_PAUSE = Duration.ofMillis(500);

    /** How long {@link #close()} waits for the workers to finish what they hold. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(FederationGateway.class.getName());

    private final FederationQueue queue;
    private final FederationDelivery delivery;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final int workers;

    private final Object lock = new Object();
    // guarded by lock
    private boolean started;
    /** Per worker, the entries it is handling now; {@link #close()} waits for these. */
    private final Map<Integer, CompletableFuture<Void>> batches = new HashMap<>();

    private volatile boolean running;
    /** Workers whose last take failed. */
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    /** Workers stopped for good: the executor refused their next round. */
    private final Set<Integer> halted = ConcurrentHashMap.newKeySet();

    FederationWorkers(
            FederationQueue queue,
            FederationDelivery delivery,
            Executor executor,
            ScheduledExecutorService scheduler,
            int workers) {
        this.queue = queue;
        this.delivery = delivery;
        this.executor = executor;
        this.scheduler = scheduler;
        this.workers = workers;
    }

    /** Starts the workers (once). */
    void start() {
        synchronized (lock) {
            if (started) {
                return;
            }
            started = true;
            running = true;
        }
        for (int worker = 0; worker < workers; worker++) {
            next(worker);
        }
        LOG.info(() -> "federation: " + workers + " workers started");
    }

    /**
     * Stops the workers and waits (up to 5 s) until they finished the entries they are handling;
     * a worker waiting in the queue stops when its take ends, and hands back whatever that take
     * brings. The queue, the client and the session queues stay open (they are the caller's).
     */
    void close() {
        List<CompletableFuture<Void>> waits;
        synchronized (lock) {
            running = false;
            waits = List.copyOf(batches.values());
        }
        try {
            CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]))
                    .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warning(() -> "federation: workers did not finish within " + CLOSE_WAIT.toSeconds()
                    + " s; what they hold is retried later");
        }
    }

    /** Schedules the worker's next round on the executor (no recursion on the stack). */
    private void next(int worker) {
        try {
            executor.execute(() -> round(worker));
        } catch (RejectedExecutionException e) {
            stopped(worker, "the executor refused it");
        }
    }

    private void round(int worker) {
        if (!running) {
            return;
        }
        CompletionStage<List<FederationEntry>> taken;
        try {
            taken = queue.take(worker, FederationGateway.CONCURRENCY, POLL_WAIT);
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        taken.thenCompose(entries -> handleAll(worker, entries)).whenComplete((ok, error) -> {
            if (error == null) {
                if (failing.remove(worker)) {
                    LOG.info(() -> "federation: worker " + worker + " takes entries again");
                }
                next(worker);
                return;
            }
            if (!running) {
                return; // the queue going away during shutdown
            }
            // one warning per outage and worker, not one every pause
            Level level = failing.add(worker) ? Level.WARNING : Level.FINE;
            LOG.log(
                    level,
                    () -> "federation: worker " + worker + ": " + AsyncResults.describe(AsyncResults.unwrap(error))
                            + "; retrying every " + ERROR_PAUSE.toMillis() + " ms");
            try {
                scheduler.schedule(() -> next(worker), ERROR_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                stopped(worker, "the scheduler refused it");
            }
        });
    }

    /** True from {@link #start()} until {@link #close()}, while no worker was stopped for good. */
    boolean running() {
        return running && halted.isEmpty();
    }

    private void stopped(int worker, String why) {
        if (running) {
            halted.add(worker);
            LOG.warning(() -> "federation: worker " + worker + " stopped: " + why);
        }
    }

    /**
     * Handles the entries concurrently; completes when all are done (never fails). Once the
     * gateway is closed, entries are handed back untouched.
     */
    private CompletionStage<Void> handleAll(int worker, List<FederationEntry> entries) {
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> batch = new CompletableFuture<>();
        synchronized (lock) {
            if (!running) {
                entries.forEach(entry -> queue.retryLater(entry, Duration.ZERO));
                return CompletableFuture.completedFuture(null);
            }
            batches.put(worker, batch);
        }
        CompletableFuture<?>[] handled = new CompletableFuture<?>[entries.size()];
        for (int i = 0; i < handled.length; i++) {
            FederationEntry entry = entries.get(i);
            handled[i] = CompletableFuture.supplyAsync(() -> delivery.handle(entry), executor)
                    .thenCompose(stage -> stage)
                    .exceptionally(error -> {
                        LOG.log(
                                Level.WARNING,
                                "federation: handling entry " + entry.id() + " failed",
                                AsyncResults.unwrap(error));
                        queue.retryLater(entry, delivery.backoff(entry.deliveries()));
                        return null;
                    });
        }
        CompletableFuture.allOf(handled).whenComplete((ok, error) -> {
            synchronized (lock) {
                batches.remove(worker, batch);
            }
            batch.complete(null);
        });
        return batch;
    }
}
