package dev.rmbee.federation;

import dev.rmbee.async.AsyncResults;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
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
 * The federation gateway's workers and their window: at most {@code window} entries are handled at
 * once relay-wide (looked up, POSTing; entries waiting in a relay's backlog give their place back),
 * and a worker takes new entries as soon as places are free, as many as are free (at most its part
 * of the window per take), without waiting for the slowest of what it took. Each entry is handled
 * ({@link FederationDelivery}) on the thread its take completed on. Nothing blocks between steps:
 * the loops are chains of tasks on the given executor (a managed one in the container), and waits
 * happen in the queue; a worker finding the window full waits until a place frees up. A worker
 * whose take failed (Redis unreachable) pauses and tries again, with one warning per outage.
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
    private final RelayLanes lanes;
    private final int window;
    private final int perTake;

    private final Object lock = new Object();
    // all guarded by lock
    private boolean started;
    /** The entries being handled now; {@link #close()} waits for these. */
    private final Set<CompletableFuture<Void>> handling = new HashSet<>();
    /** Places of the window in use: reserved by takes, or held by entries not waiting in a backlog. */
    private int used;
    /** Workers waiting for a free place. */
    private final ArrayDeque<Integer> waitingForRoom = new ArrayDeque<>();

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
            int workers,
            RelayLanes lanes,
            int window) {
        this.queue = queue;
        this.delivery = delivery;
        this.executor = executor;
        this.scheduler = scheduler;
        this.workers = workers;
        this.lanes = lanes;
        this.window = window;
        this.perTake = Math.max(1, (window + workers - 1) / workers);
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
        LOG.info(() -> "federation: " + workers + " workers started, window " + window);
    }

    /**
     * Stops the workers and waits (up to 5 s) until they finished the entries they are handling;
     * a worker waiting in the queue stops when its take ends, and hands back whatever that take
     * brings. The queue, the client and the session queues stay open (they are the caller's).
     */
    void close() {
        synchronized (lock) {
            running = false;
        }
        try {
            lanes.close(); // what waits in a backlog goes back to the queue
        } finally {
            awaitHandling();
        }
    }

    /** Waits (up to {@link #CLOSE_WAIT}) until the entries being handled are done. */
    private void awaitHandling() {
        List<CompletableFuture<Void>> waits;
        synchronized (lock) {
            waits = List.copyOf(handling);
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
        int room;
        synchronized (lock) {
            room = Math.min(window - used, perTake);
            if (room <= 0) {
                waitingForRoom.add(worker); // woken by the next place that frees up
                return;
            }
            used += room;
        }
        int reserved = room;
        CompletionStage<List<FederationEntry>> taken;
        try {
            taken = queue.take(worker, reserved, POLL_WAIT);
        } catch (RuntimeException e) {
            taken = CompletableFuture.failedFuture(e);
        }
        taken.whenComplete((entries, error) -> {
            if (error == null) {
                free(reserved - entries.size());
                entries.forEach(this::handle);
                if (failing.remove(worker)) {
                    LOG.info(() -> "federation: worker " + worker + " takes entries again");
                }
                next(worker);
                return;
            }
            free(reserved);
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

    /** Gives {@code places} of the window back and wakes the workers waiting for one. */
    private void free(int places) {
        if (places <= 0) {
            return;
        }
        List<Integer> woken;
        synchronized (lock) {
            used -= places;
            woken = List.copyOf(waitingForRoom);
            waitingForRoom.clear();
        }
        woken.forEach(this::next);
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
     * Handles one entry, holding one place of the window (reserved by its take) until it was
     * acknowledged or handed back, except while it waits in a relay's backlog. Once the gateway
     * is closed, entries are handed back untouched.
     */
    private void handle(FederationEntry entry) {
        CompletableFuture<Void> handled = new CompletableFuture<>();
        synchronized (lock) {
            if (!running) {
                used--;
                queue.retryLater(entry, Duration.ZERO);
                return;
            }
            handling.add(handled);
        }
        CompletionStage<Void> stage;
        try {
            stage = delivery.handle(entry, new Place());
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.exceptionally(error -> {
                    LOG.log(
                            Level.WARNING,
                            "federation: handling entry " + entry.id() + " failed",
                            AsyncResults.unwrap(error));
                    queue.retryLater(entry, delivery.backoff(entry.deliveries()));
                    return null;
                })
                .whenComplete((ok, error) -> {
                    synchronized (lock) {
                        handling.remove(handled);
                    }
                    free(1);
                    handled.complete(null);
                });
    }

    /** An entry's place in the window: given back while it waits in a relay's backlog. */
    private final class Place implements RelayAttempt.Hold {
        @Override
        public void parked() {
            free(1);
        }

        @Override
        public void resumed() {
            synchronized (lock) {
                used++; // may go over the window for a moment: the takes wait until it is back under
            }
        }
    }
}
