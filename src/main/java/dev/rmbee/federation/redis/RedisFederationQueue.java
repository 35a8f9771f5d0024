package dev.rmbee.federation.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.federation.FederationEntry;
import dev.rmbee.federation.FederationQueue;
import dev.rmbee.federation.FederationQueueException;
import dev.rmbee.redis.RawStreamCodec;
import dev.rmbee.redis.StreamIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;
import org.redisson.api.stream.StreamReadGroupArgs;

/**
 * The federation queue in the reference's Redis stream (relay.md §7.1–7.2, §14), shared by every
 * relay instance using the same Redis:
 *
 * <ul>
 *   <li>add: {@code XADD relay.federation.stream * msg <envelope bytes>};
 *   <li>new entries: {@code XREADGROUP GROUP federation <consumer> COUNT <n> BLOCK <ms> STREAMS
 *       relay.federation.stream >}. The group is created when a command answers {@code NOGROUP}:
 *       {@code XGROUP CREATE relay.federation.stream federation 0 MKSTREAM} (from id 0: entries
 *       added before any relay read them are sent too);
 *   <li>retries: an entry handed back with {@link #retryLater} stays pending in the group; when
 *       its delay is over, the worker that had it takes it again with {@code XCLAIM … <consumer>
 *       <min-idle> <id>} (which also counts the delivery). The min-idle is the time since the
 *       hand-back, so the claim fails if another instance claimed the entry meanwhile;
 *   <li>success or giving up: {@code XACK} then {@code XDEL} of the id in one MULTI/EXEC, so the
 *       stream does not grow forever (the reference never deletes: its quirk 4).
 * </ul>
 *
 * <p><b>Consumers, restarts and crashes.</b> Worker {@code w} of this instance reads as consumer
 * {@code <instance>-<w>}, so consumer names are unique per relay instance and worker (the
 * reference's {@code relay-<w>} are shared by all instances). Entries stay pending until
 * acknowledged, so nothing is lost when a relay stops or crashes while it holds entries:
 * <ul>
 *   <li>a relay that comes back <em>with the same instance id</em> finds its workers' pending
 *       entries at their first {@link #take} ({@code XPENDING … - + 100 <consumer>}, page by
 *       page) and retries them at once;
 *   <li>an instance that <em>never comes back</em> (a new instance id after a redeploy, fewer
 *       workers than before, a host gone for good) leaves entries nobody's memory knows. Every
 *       instance scans the whole group at most every {@code scanInterval} ({@code XPENDING
 *       relay.federation.stream federation IDLE <claim-idle> - + 100}) and claims, for the
 *       scanning worker, the entries idle for at least {@code claimIdle} that it does not hold
 *       itself ({@code XCLAIM … <claim-idle> <id…>}: if two instances race, Redis gives each entry
 *       to one of them). A live owner touches its entries at least once per backoff (the longest
 *       backoff plus the time of one sending attempt), so {@code claimIdle} must be longer than
 *       that; otherwise an entry may be sent twice (delivery stays at least once either way).
 * </ul>
 *
 * <p><b>Redis Cluster.</b> Every command names the one key {@value #STREAM}.
 *
 * <p><b>Threads.</b> Nothing blocks a caller: the XREADGROUP wait happens in Redis, on one pooled
 * Redisson connection per waiting worker. Returned stages complete on the executor given to the
 * constructor, never on Redisson's I/O threads. The Redisson client stays the caller's.
 */
public final class RedisFederationQueue implements FederationQueue {

    /** The stream holding the queue. */
    public static final String STREAM = "relay.federation.stream";

    /** The one field of an entry; its value is the envelope. */
    public static final String FIELD = "msg";

    /** The consumer group of all relay instances. */
    public static final String GROUP = "federation";

    /** Default idle time after which another instance's pending entry is taken over. */
    public static final Duration DEFAULT_CLAIM_IDLE = Duration.ofSeconds(60);

    /** Default interval of the scan for other consumers' idle entries. */
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(2);

    /** Entries one XPENDING call lists. */
    static final int PENDING_PAGE = 100;

    /** Allowance between this JVM's clock and Redis's when claiming an entry back after its delay. */
    private static final long CLAIM_MARGIN_MILLIS = 100;

    private static final Logger LOG = Logger.getLogger(RedisFederationQueue.class.getName());

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private final RedissonClient redisson;
    private final RStreamAsync<String, byte[]> stream;
    private final Executor executor;
    private final String instance;
    private final long claimIdleMillis;
    private final long scanIntervalNanos;
    private final BatchOptions ackBatch =
            BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC);

    /** Entries this instance holds: taken and not yet acknowledged or handed back, or waiting for their retry. */
    private final ConcurrentMap<StreamMessageId, Held> held = new ConcurrentHashMap<>();
    /** Per worker: the recovery of its consumer's pending entries from an earlier run. */
    private final ConcurrentMap<Integer, CompletableFuture<Void>> recoveries = new ConcurrentHashMap<>();

    private final AtomicLong nextScanNanos = new AtomicLong(System.nanoTime());
    /** Takes not completed yet: {@link #close()} ends them. */
    private final Set<CompletableFuture<List<FederationEntry>>> takes = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    /** What this instance knows of an entry it holds. */
    private static final class Held {
        final int worker;
        final long deliveries;
        /** Set while the entry waits for its retry (nanoTime): when it was handed back, when it is due. */
        final long releasedNanos;

        final long dueNanos;
        final boolean waiting;

        Held(int worker, long deliveries, boolean waiting, long releasedNanos, long dueNanos) {
            this.worker = worker;
            this.deliveries = deliveries;
            this.waiting = waiting;
            this.releasedNanos = releasedNanos;
            this.dueNanos = dueNanos;
        }

        static Held taken(int worker, long deliveries) {
            return new Held(worker, deliveries, false, 0, 0);
        }
    }

    /**
     * @param redisson a connected client; it stays the caller's (not shut down by {@link #close()})
     * @param executor completes the returned stages (a managed executor in the container)
     * @param instance this relay instance's id, unique among the instances sharing the Redis and
     *     the same across its restarts (e.g. the host name of a stateful pod); letters, digits
     *     and {@code . _ : @ -}
     * @param claimIdle how long another consumer's entry must be idle before this instance takes
     *     it over; longer than the longest retry delay plus one sending attempt
     * @param scanInterval how often this instance looks for such entries
     */
    public RedisFederationQueue(
            RedissonClient redisson, Executor executor, String instance, Duration claimIdle, Duration scanInterval) {
        this.redisson = Objects.requireNonNull(redisson, "redisson");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (instance == null || !INSTANCE_ID.matcher(instance).matches()) {
            throw new IllegalArgumentException(
                    "federation instance id must be 1 to 100 letters, digits or . _ : @ -, not '" + instance + "'");
        }
        if (claimIdle.toMillis() < 1 || scanInterval.isNegative()) {
            throw new IllegalArgumentException("claim idle time must be at least 1 ms, scan interval not negative");
        }
        this.instance = instance;
        this.claimIdleMillis = claimIdle.toMillis();
        this.scanIntervalNanos = scanInterval.toNanos();
        this.stream = redisson.getStream(STREAM, RawStreamCodec.INSTANCE);
    }

    /** With the default claim idle time ({@code 60 s}) and scan interval ({@code 2 s}). */
    public RedisFederationQueue(RedissonClient redisson, Executor executor, String instance) {
        this(redisson, executor, instance, DEFAULT_CLAIM_IDLE, DEFAULT_SCAN_INTERVAL);
    }

    /** The consumer name of one of this instance's workers: {@code <instance>-<worker>}. */
    public String consumer(int worker) {
        return instance + "-" + worker;
    }

    @Override
    public CompletionStage<Void> add(byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        CompletionStage<StreamMessageId> added = redis(() -> stream.addAsync(StreamAddArgs.entry(FIELD, envelope)));
        return complete(added.thenApply(id -> (Void) null), "XADD " + STREAM);
    }

    @Override
    public CompletionStage<List<FederationEntry>> take(int worker, int max, Duration wait) {
        if (worker < 0) {
            throw new IllegalArgumentException("worker index must not be negative");
        }
        if (closed || max < 1) {
            return CompletableFuture.completedFuture(List.of());
        }
        CompletableFuture<List<FederationEntry>> result = new CompletableFuture<>();
        takes.add(result);
        if (closed) {
            result.complete(List.of()); // closed meanwhile: close() may have missed it
        }
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        CompletionStage<List<FederationEntry>> taken =
                recovered(worker).thenCompose(ignored -> attempt(worker, max, deadline));
        complete(taken, "taking federation entries for " + consumer(worker)).whenComplete((entries, error) -> {
            takes.remove(result);
            if (error != null) {
                result.completeExceptionally(error);
            } else if (!result.complete(entries) && !entries.isEmpty()) {
                // the take was ended by close(): the entries stay pending for a later run or another instance
                entries.forEach(entry -> held.remove(StreamIds.parse(entry.id())));
            }
        });
        return result;
    }

    /**
     * One try: due retries, then other consumers' idle entries, then new entries, waiting in Redis
     * until the deadline or the worker's next retry falls due (then tries again).
     */
    private CompletionStage<List<FederationEntry>> attempt(int worker, int max, long deadline) {
        return claimDue(worker, max)
                .thenCompose(due -> due.size() >= max
                        ? CompletableFuture.completedFuture(due)
                        : claimOrphans(worker, max - due.size()).thenApply(orphans -> concat(due, orphans)))
                .thenCompose(found -> {
                    if (!found.isEmpty() || closed) {
                        return CompletableFuture.completedFuture(found);
                    }
                    Duration wait = waitFor(worker, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    return readNew(worker, max, wait).thenCompose(read -> {
                        if (!read.isEmpty() || closed || deadline - System.nanoTime() <= 0) {
                            return CompletableFuture.completedFuture(read);
                        }
                        return attempt(worker, max, deadline); // a retry fell due before the deadline
                    });
                });
    }

    /**
     * Completes once the worker's own pending entries that nobody here holds (left by an earlier
     * run of this instance) are put up for a retry now; done once per worker, before its first
     * read, so that no entry read meanwhile is mistaken for one of them. A failure is tried again
     * by the next take.
     */
    private CompletionStage<Void> recovered(int worker) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> existing = recoveries.putIfAbsent(worker, mine);
        if (existing != null) {
            return existing;
        }
        recover(worker, null, 0).whenComplete((count, error) -> {
            if (error != null) {
                recoveries.remove(worker, mine);
                mine.completeExceptionally(error);
                return;
            }
            if (count > 0) {
                LOG.info(() -> "federation: " + count + " pending entries of " + consumer(worker)
                        + " from an earlier run will be retried");
            }
            mine.complete(null);
        });
        return mine;
    }

    /** Recovers the worker's pending entries after {@code after}, a page at a time; completes with their number. */
    private CompletionStage<Integer> recover(int worker, StreamMessageId after, int found) {
        StreamPendingRangeArgs args = (after == null
                        ? StreamPendingRangeArgs.groupName(GROUP).startId(StreamMessageId.MIN)
                        : StreamPendingRangeArgs.groupName(GROUP).startIdExclusive(after))
                .endId(StreamMessageId.MAX)
                .count(PENDING_PAGE)
                .consumerName(consumer(worker));
        return inGroup(() -> stream.listPendingAsync(args)).thenCompose(pending -> {
            long now = System.nanoTime();
            for (PendingEntry entry : pending) {
                // due now, claimable at any idle time: it is this consumer's own entry
                held.putIfAbsent(entry.getId(), new Held(worker, entry.getDeliveryCount(), true, now, now));
            }
            int total = found + pending.size();
            return pending.size() < PENDING_PAGE
                    ? CompletableFuture.completedFuture(total)
                    : recover(worker, pending.get(pending.size() - 1).getId(), total);
        });
    }

    /** Claims back the worker's entries whose retry delay is over, oldest id first. */
    private CompletionStage<List<FederationEntry>> claimDue(int worker, int max) {
        long now = System.nanoTime();
        List<Map.Entry<StreamMessageId, Held>> due = new ArrayList<>();
        for (Map.Entry<StreamMessageId, Held> entry : held.entrySet()) {
            Held state = entry.getValue();
            if (state.worker == worker && state.waiting && now - state.dueNanos >= 0) {
                due.add(entry);
            }
        }
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        due.sort(Map.Entry.comparingByKey(StreamIds.ORDER));
        List<CompletableFuture<FederationEntry>> claims = new ArrayList<>();
        for (Map.Entry<StreamMessageId, Held> entry : due.subList(0, Math.min(max, due.size()))) {
            StreamMessageId id = entry.getKey();
            Held state = entry.getValue();
            Held claiming = Held.taken(worker, state.deliveries + 1);
            if (!held.replace(id, state, claiming)) {
                continue; // changed meanwhile
            }
            long minIdle = Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - state.releasedNanos) - CLAIM_MARGIN_MILLIS);
            claims.add(claim(worker, minIdle, id)
                    .thenApply(claimed -> {
                        FederationEntry result = toEntries(worker, claimed, Map.of(id, claiming.deliveries)).stream()
                                .findFirst()
                                .orElse(null);
                        if (result == null) {
                            // taken over by another instance, or acknowledged by it: not ours any more
                            held.remove(id, claiming);
                        }
                        return result;
                    })
                    .exceptionally(error -> {
                        // try again at the next take; the claims that worked are handed out meanwhile
                        LOG.fine(() -> "federation: XCLAIM of " + id + " for " + consumer(worker) + " failed: "
                                + AsyncResults.describe(AsyncResults.unwrap(error)));
                        held.replace(id, claiming, state);
                        return null;
                    })
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(claims.toArray(new CompletableFuture<?>[0]))
                .thenApply(ignored -> {
                    List<FederationEntry> entries = new ArrayList<>();
                    for (CompletableFuture<FederationEntry> claim : claims) {
                        FederationEntry entry = claim.join();
                        if (entry != null) {
                            entries.add(entry);
                        }
                    }
                    return entries;
                });
    }

    /**
     * At most every scan interval (across this instance's workers): takes over entries of other
     * consumers (other instances, or this instance's consumers of an earlier run with more workers)
     * idle for at least the claim idle time.
     */
    private CompletionStage<List<FederationEntry>> claimOrphans(int worker, int room) {
        long now = System.nanoTime();
        long next = nextScanNanos.get();
        if (now - next < 0 || !nextScanNanos.compareAndSet(next, now + scanIntervalNanos)) {
            return CompletableFuture.completedFuture(List.of());
        }
        StreamPendingRangeArgs args = StreamPendingRangeArgs.groupName(GROUP)
                .startId(StreamMessageId.MIN)
                .endId(StreamMessageId.MAX)
                .count(PENDING_PAGE)
                .idleTime(Duration.ofMillis(claimIdleMillis));
        return inGroup(() -> stream.listPendingAsync(args)).thenCompose(pending -> {
            Map<StreamMessageId, Long> deliveries = new ConcurrentHashMap<>();
            List<StreamMessageId> ids = new ArrayList<>();
            for (PendingEntry entry : pending) {
                if (held.containsKey(entry.getId())) {
                    continue; // ours, in flight or waiting for its retry
                }
                if (ids.size() == room) {
                    nextScanNanos.set(now); // more to take over: the next take scans again
                    break;
                }
                ids.add(entry.getId());
                deliveries.put(entry.getId(), entry.getDeliveryCount() + 1);
            }
            if (ids.isEmpty()) {
                return CompletableFuture.completedFuture(List.<FederationEntry>of());
            }
            return claim(worker, claimIdleMillis, ids.toArray(new StreamMessageId[0]))
                    .thenApply(claimed -> {
                        if (!claimed.isEmpty()) {
                            LOG.info(() -> "federation: " + consumer(worker) + " took over " + claimed.size()
                                    + " entries idle for " + claimIdleMillis + " ms or more");
                        }
                        return toEntries(worker, claimed, deliveries);
                    });
        });
    }

    private CompletionStage<Map<StreamMessageId, Map<String, byte[]>>> claim(
            int worker, long minIdleMillis, StreamMessageId... ids) {
        return redis(() -> stream.claimAsync(GROUP, consumer(worker), minIdleMillis, TimeUnit.MILLISECONDS, ids));
    }

    /** Reads new entries, waiting in Redis up to {@code wait} (no wait when it is under 1 ms). */
    private CompletionStage<List<FederationEntry>> readNew(int worker, int max, Duration wait) {
        StreamReadGroupArgs args = StreamReadGroupArgs.neverDelivered().count(max);
        if (wait.toMillis() >= 1) {
            args = args.timeout(wait);
        }
        StreamReadGroupArgs read = args;
        return inGroup(() -> stream.readGroupAsync(GROUP, consumer(worker), read))
                .thenApply(entries -> {
                    Map<StreamMessageId, Long> first = new ConcurrentHashMap<>();
                    if (entries != null) {
                        entries.keySet().forEach(id -> first.put(id, 1L));
                    }
                    return toEntries(worker, entries, first);
                });
    }

    /** The wait of a read: no longer than until the worker's next retry falls due, or the next scan. */
    private Duration waitFor(int worker, Duration wait) {
        long now = System.nanoTime();
        long nanos = Math.min(Math.max(0, wait.toNanos()), Math.max(0, nextScanNanos.get() - now));
        for (Held state : held.values()) {
            if (state.worker == worker && state.waiting) {
                nanos = Math.min(nanos, Math.max(0, state.dueNanos - now));
            }
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * Entries as handed to the worker, marked as held; entries without the {@code msg} field
     * (not written by a relay) are acknowledged and deleted.
     */
    private List<FederationEntry> toEntries(
            int worker, Map<StreamMessageId, Map<String, byte[]>> entries, Map<StreamMessageId, Long> deliveries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<StreamMessageId> ids = new ArrayList<>(entries.keySet());
        ids.sort(StreamIds.ORDER);
        List<FederationEntry> result = new ArrayList<>(ids.size());
        for (StreamMessageId id : ids) {
            Map<String, byte[]> fields = entries.get(id);
            byte[] envelope = fields == null ? null : fields.get(FIELD);
            if (envelope == null) {
                LOG.warning(() -> "federation: dropping entry " + id + " of " + STREAM + " without field " + FIELD);
                held.remove(id);
                ackAndDelete(id);
                continue;
            }
            long count = Math.max(1, deliveries.getOrDefault(id, 1L));
            held.put(id, Held.taken(worker, count));
            result.add(new FederationEntry(StreamIds.format(id), envelope, worker, count));
        }
        return result;
    }

    @Override
    public CompletionStage<Void> acknowledge(FederationEntry entry) {
        StreamMessageId id = StreamIds.parse(entry.id());
        held.remove(id);
        return complete(ackAndDelete(id), "XACK/XDEL " + entry.id() + " on " + STREAM);
    }

    private CompletionStage<Void> ackAndDelete(StreamMessageId id) {
        CompletionStage<?> done = redis(() -> {
            RBatch batch = redisson.createBatch(ackBatch);
            RStreamAsync<String, byte[]> batched = batch.getStream(STREAM, RawStreamCodec.INSTANCE);
            batched.ackAsync(GROUP, id);
            batched.removeAsync(id);
            return batch.executeAsync();
        });
        return done.thenApply(result -> (Void) null);
    }

    @Override
    public void retryLater(FederationEntry entry, Duration delay) {
        StreamMessageId id = StreamIds.parse(entry.id());
        long now = System.nanoTime();
        long due = now + Math.max(0, delay.toNanos());
        held.compute(
                id,
                (key, state) -> new Held(
                        entry.worker(), state == null ? entry.deliveries() : state.deliveries, true, now, due));
    }

    /**
     * Stops handing out entries and ends waiting takes (an XREADGROUP already waiting in Redis
     * still ends by itself; whatever it reads stays pending). Entries held stay pending in Redis
     * for a later run or another instance.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<List<FederationEntry>> take : takes) {
            take.complete(List.of());
        }
        takes.clear();
    }

    /** Runs a command of the group; on {@code NOGROUP} creates the group (and stream) and runs it again. */
    private <T> CompletionStage<T> inGroup(Supplier<CompletionStage<T>> command) {
        return redis(command)
                .handle((value, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(value);
                    }
                    if (!String.valueOf(AsyncResults.unwrap(error).getMessage()).contains("NOGROUP")) {
                        return CompletableFuture.<T>failedFuture(AsyncResults.unwrap(error));
                    }
                    return createGroup().thenCompose(created -> redis(command));
                })
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Void> createGroup() {
        StreamCreateGroupArgs args =
                StreamCreateGroupArgs.name(GROUP).id(new StreamMessageId(0, 0)).makeStream();
        return redis(() -> stream.createGroupAsync(args)).handle((ok, error) -> {
            if (error != null
                    && !String.valueOf(AsyncResults.unwrap(error).getMessage()).contains("BUSYGROUP")) {
                throw new CompletionException(AsyncResults.unwrap(error));
            }
            if (error == null) {
                LOG.info(() -> "federation: created consumer group " + GROUP + " on " + STREAM);
            }
            return null;
        });
    }

    /** Calls Redisson; an exception thrown instead of a failed stage becomes a failed stage. */
    private static <T> CompletionStage<T> redis(Supplier<? extends CompletionStage<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
    /** The result of a Redis stage, completed on the executor, failures described. */
    private <T> CompletionStage<T> complete(CompletionStage<T> redis, String what) {
        return AsyncResults.completeOn(executor, redis, error -> failure(what, error));
    }

    private static Throwable failure(String what, Throwable error) {
        Throwable cause = AsyncResults.unwrap(error);
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return cause; // the caller's mistake, not Redis's
        }
        return new FederationQueueException("redis error: " + what + " failed: " + AsyncResults.describe(cause), cause);
    }

    private static List<FederationEntry> concat(List<FederationEntry> first, List<FederationEntry> second) {
        if (second.isEmpty()) {
            return first;
        }
        List<FederationEntry> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
