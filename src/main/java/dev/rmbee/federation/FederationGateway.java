package dev.rmbee.federation;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.async.AsyncResults;
import dev.rmbee.registry.RegistryException;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinRegistry;
import dev.rmbee.relay.ForeignEnvelopes;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.retry.Backoff;
import dev.rmbee.wire.EnvelopeTime;
import dev.rmbee.wire.RelayEnvelopes;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Outbound federation (relay.md §7): foreign envelopes go into the durable
 * {@link FederationQueue}, and workers send them to the relays of their destination twin.
 *
 * <p>For each entry a worker takes: the envelope's TTL is checked ({@code message has expired}
 * once it is gone); the destination twin is looked up (a lookup error is transient; an unknown
 * twin and a twin without relays are permanent failures); its relays are ordered by the
 * {@link RelayRanker} and the envelope is POSTed, byte for byte, to one after the other:
 * <ul>
 *   <li>HTTP 202: delivered; the entry is acknowledged;
 *   <li>any 4xx: permanent, the other relays are not tried ({@code remote relay rejected
 *       permanently: destination offline});
 *   <li>anything else (another status, refused connection, timeout): the relay is downvoted and
 *       the next one tried. When none took it the failure is transient: the entry is handed back
 *       for a retry after a jittered exponential backoff (initial delay doubling up to the
 *       maximum; each delay drawn uniformly from its upper half), never past the envelope's
 *       deadline, so that an undeliverable envelope ends as {@code message has expired}.
 * </ul>
 * On a permanent failure or expiry a request's sender gets the relay's error envelope (wire.md
 * §10.2, code 0) in its own session queue, addressed to the request's source session (the
 * reference leaves the destination unset); responses, errors and pings get none. Then the
 * entry is acknowledged. Each permanent failure is logged in one line (INFO), transient ones at
 * FINE.
 *
 * <p>Each of the {@code workers} loops: take up to {@value #CONCURRENCY} entries, handle them
 * concurrently, wait for all, again. Nothing blocks between steps: the loops are chains of tasks
 * on the given executor (a managed one in the container), and waits happen in the queue.
 */
public final class FederationGateway implements ForeignEnvelopes, AutoCloseable {

    /** Default number of workers. */
    public static final int DEFAULT_WORKERS = 4;

    /** Entries one worker handles at a time (the reference's 4). */
    public static final int CONCURRENCY = 4;

    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    /** The error texts senders see (relay.md §11). */
    public static final String EXPIRED = "message has expired";

    public static final String REJECTED = "remote relay rejected permanently: ";
    public static final String DESTINATION_OFFLINE = REJECTED + "destination offline";
    public static final String TWIN_NOT_FOUND = REJECTED + "self twin not found!";
    public static final String NO_RELAY = REJECTED + "relay is not set for this twin";

    /** How long a worker's take waits in the queue for new entries. */
    static final Duration POLL_WAIT = Duration.ofSeconds(1);

    /** Pause of a worker after the queue failed (Redis unreachable). */
    static final Duration ERROR_PAUSE = Duration.ofMillis(500);

    /** How long {@link #close()} waits for the workers to finish what they hold. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(FederationGateway.class.getName());

    private final FederationQueue queue;
    private final TwinRegistry registry;
    private final RelayRanker ranker;
    private final RemoteRelayClient client;
    private final SessionQueues replies;
    private final Clock clock;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final int workers;
    private final Backoff backoff;

    private final ConcurrentMap<String, AtomicLong> successes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> errors = new ConcurrentHashMap<>();

    private final Object lock = new Object();
    // guarded by lock
    private boolean started;
    /** Per worker, the entries it is handling now; {@link #close()} waits for these. */
    private final Map<Integer, CompletableFuture<Void>> batches = new HashMap<>();

    private volatile boolean running;
    /** Workers whose last take failed. */
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();

    /**
     * @param queue where foreign envelopes wait (the caller's: not closed by {@link #close()})
     * @param registry looks up destination twins and their relays
     * @param ranker orders a twin's relays
     * @param client sends to other relays
     * @param replies the session queues, for error envelopes to senders
     * @param clock checks TTLs and stamps error envelopes
     * @param executor runs the workers (a {@code ManagedExecutorService} in the container)
     * @param scheduler runs the pause after a queue failure (a {@code ManagedScheduledExecutorService})
     * @param workers how many workers take entries (each handles up to {@value #CONCURRENCY} at once)
     * @param initialBackoff delay before the first retry of an undelivered envelope
     * @param maxBackoff longest delay between retries
     */
    public FederationGateway(
            FederationQueue queue,
            TwinRegistry registry,
            RelayRanker ranker,
            RemoteRelayClient client,
            SessionQueues replies,
            Clock clock,
            Executor executor,
            ScheduledExecutorService scheduler,
            int workers,
            Duration initialBackoff,
            Duration maxBackoff) {
        if (workers < 1) {
            throw new IllegalArgumentException("number of federation workers must be at least 1");
        }
        this.backoff = new Backoff("federation backoff", initialBackoff, maxBackoff);
        this.queue = Objects.requireNonNull(queue, "queue");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        this.client = Objects.requireNonNull(client, "client");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.workers = workers;
    }

    /** With the default backoff (0.5 s doubling up to 30 s). */
    public FederationGateway(
            FederationQueue queue,
            TwinRegistry registry,
            RelayRanker ranker,
            RemoteRelayClient client,
            SessionQueues replies,
            Clock clock,
            Executor executor,
            ScheduledExecutorService scheduler,
            int workers) {
        this(
                queue,
                registry,
                ranker,
                client,
                replies,
                clock,
                executor,
                scheduler,
                workers,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF);
    }

    /**
     * Queues the envelope for its twin's relays. The stage fails when the queue cannot take it,
     * with the queue's text for the sender ({@code redis error: …}, {@code federation queue
     * error: …}).
     */
    @Override
    public CompletionStage<Void> forward(Envelope envelope, byte[] frame, Twin destination) {
        CompletionStage<Void> added;
        try {
            added = queue.add(frame);
        } catch (RuntimeException e) {
            added = CompletableFuture.failedFuture(e);
        }
        return added.handle((ok, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = AsyncResults.unwrap(error);
            throw cause instanceof FederationQueueException queueError
                    ? queueError
                    : new FederationQueueException("federation queue error: " + AsyncResults.describe(cause), cause);
        });
    }

    /** Starts the workers (once). */
    public void start() {
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
    @Override
    public void close() {
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

    /** Envelopes accepted (HTTP 202) per relay domain. */
    public Map<String, Long> successes() {
        return snapshot(successes);
    }

    /** Failed sending attempts (any answer but 202, transport errors, timeouts) per relay domain. */
    public Map<String, Long> errors() {
        return snapshot(errors);
    }

    private static Map<String, Long> snapshot(ConcurrentMap<String, AtomicLong> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((domain, count) -> copy.put(domain, count.get()));
        return copy;
    }

    // ---- worker loop

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
            taken = queue.take(worker, CONCURRENCY, POLL_WAIT);
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

    private void stopped(int worker, String why) {
        if (running) {
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
            handled[i] = CompletableFuture.supplyAsync(() -> handle(entry), executor)
                    .thenCompose(stage -> stage)
                    .exceptionally(error -> {
                        LOG.log(
                                Level.WARNING,
                                "federation: handling entry " + entry.id() + " failed",
                                AsyncResults.unwrap(error));
                        queue.retryLater(entry, backoff(entry.deliveries()));
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

    // ---- one entry

    private CompletionStage<Void> handle(FederationEntry entry) {
        Envelope envelope;
        try {
            envelope = Envelope.parseFrom(entry.envelope());
        } catch (InvalidProtocolBufferException e) {
            LOG.info(
                    () -> "federation: dropping entry " + entry.id() + ": failed to parse envelope: " + e.getMessage());
            return acknowledge(entry);
        }
        long now = clock.instant().getEpochSecond();
        if (EnvelopeTime.isExpired(now, envelope.getTimestamp(), envelope.getExpiration())) {
            return giveUp(entry, envelope, EXPIRED, "TTL elapsed after " + (entry.deliveries() - 1) + " retries");
        }
        int twinId = envelope.getDestination().getTwin();
        Optional<Twin> twin;
        try {
            twin = registry.find(twinId);
        } catch (RegistryException e) {
            return retry(entry, envelope, "failed to get twin details: " + e.getMessage());
        }
        if (twin.isEmpty()) {
            return giveUp(entry, envelope, TWIN_NOT_FOUND, null);
        }
        if (twin.get().relays().isEmpty()) {
            return giveUp(entry, envelope, NO_RELAY, null);
        }
        List<String> domains = ranker.order(twin.get().relays());
        return send(entry, envelope, domains, 0);
    }

    /** POSTs to {@code domains[index]}, then the following ones, until one takes it or refuses for good. */
    private CompletionStage<Void> send(FederationEntry entry, Envelope envelope, List<String> domains, int index) {
        if (index == domains.size()) {
            return retry(
                    entry,
                    envelope,
                    "relays " + domains.stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(", ", "'[", "]'"))
                            + " was not reachable in time");
        }
        String domain = domains.get(index);
        CompletionStage<Integer> posted;
        try {
            posted = client.post(domain, entry.envelope());
        } catch (RuntimeException e) {
            posted = CompletableFuture.failedFuture(e);
        }
        return posted.handle((status, error) -> {
                    if (error == null && status == 202) {
                        count(successes, domain);
                        LOG.fine(() -> "federation: " + describe(envelope) + " delivered to " + domain);
                        return acknowledge(entry);
                    }
                    count(errors, domain);
                    if (error == null && status >= 400 && status < 500) {
                        return giveUp(entry, envelope, DESTINATION_OFFLINE, domain + " answered " + status);
                    }
                    ranker.downvote(domain);
                    LOG.fine(() -> "federation: " + describe(envelope) + " not taken by " + domain + ": "
                            + (error == null ? "HTTP " + status : AsyncResults.describe(AsyncResults.unwrap(error))));
                    return send(entry, envelope, domains, index + 1);
                })
                .thenCompose(stage -> stage);
    }

    /** Transient failure: the entry goes back for a retry after its backoff, not later than its deadline. */
    private CompletionStage<Void> retry(FederationEntry entry, Envelope envelope, String reason) {
        long delay = backoff(entry.deliveries()).toMillis();
        long deadlineSeconds = EnvelopeTime.deadline(envelope.getTimestamp(), envelope.getExpiration());
        long deadlineMillis = Long.compareUnsigned(deadlineSeconds, Long.MAX_VALUE / 1000) > 0
                ? Long.MAX_VALUE
                : deadlineSeconds * 1000;
        long left = deadlineMillis - clock.millis();
        long wait = Math.max(0, Math.min(delay, left));
        LOG.fine(() -> "federation: " + describe(envelope) + " not delivered (attempt " + entry.deliveries() + "): "
                + reason + "; next attempt in " + wait + " ms");
        queue.retryLater(entry, Duration.ofMillis(wait));
        return CompletableFuture.completedFuture(null);
    }

    /** The delay before the next attempt after {@code deliveries} attempts. */
    Duration backoff(long deliveries) {
        return backoff.delay(deliveries, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Permanent failure or expiry: one log line, the error envelope to a request's sender, and the
     * entry is acknowledged. If the error envelope cannot be queued, the entry is retried later.
     */
    private CompletionStage<Void> giveUp(FederationEntry entry, Envelope envelope, String text, String detail) {
        LOG.info(() -> "federation: " + describe(envelope) + " not delivered: " + text
                + (detail == null ? "" : " (" + detail + ")"));
        if (envelope.getMessageCase() != Envelope.MessageCase.REQUEST) {
            return acknowledge(entry);
        }
        if (!envelope.hasSource() || envelope.getSource().getTwin() == 0) {
            LOG.fine(() -> "federation: no error reply for " + describe(envelope) + ": it has no source");
            return acknowledge(entry);
        }
        SessionKey sender = SessionKey.of(envelope.getSource());
        byte[] reply = RelayEnvelopes.error(
                        envelope.getUid(), sender, text, clock.instant().getEpochSecond())
                .toByteArray();
        CompletionStage<Void> appended;
        try {
            appended = replies.append(sender, reply);
        } catch (RuntimeException e) {
            appended = CompletableFuture.failedFuture(e);
        }
        return appended.handle((ok, error) -> {
                    if (error == null) {
                        return acknowledge(entry);
                    }
                    Duration later = backoff(entry.deliveries());
                    LOG.warning(() -> "federation: could not queue the error reply for " + describe(envelope) + " to "
                            + sender + ": " + AsyncResults.describe(AsyncResults.unwrap(error)) + "; trying again in "
                            + later.toMillis() + " ms");
                    queue.retryLater(entry, later);
                    return CompletableFuture.<Void>completedFuture(null);
                })
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Void> acknowledge(FederationEntry entry) {
        CompletionStage<Void> acked;
        try {
            acked = queue.acknowledge(entry);
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        return acked.exceptionally(error -> {
            // the entry stays pending: it may be sent again (at least once)
            LOG.warning(() -> "federation: acknowledging entry " + entry.id() + " failed: "
                    + AsyncResults.describe(AsyncResults.unwrap(error)));
            return null;
        });
    }

    private static void count(ConcurrentMap<String, AtomicLong> counters, String domain) {
        counters.computeIfAbsent(domain, key -> new AtomicLong()).incrementAndGet();
    }

    private static String describe(Envelope envelope) {
        return envelope.getMessageCase().name().toLowerCase(java.util.Locale.ROOT) + " " + envelope.getUid()
                + " from " + (envelope.hasSource() ? SessionKey.of(envelope.getSource()) : "?")
                + " to " + (envelope.hasDestination() ? SessionKey.of(envelope.getDestination()) : "?");
    }
}
