package dev.rmbee.federation.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.federation.FederationEntry;
import dev.rmbee.federation.FederationQueue;
import dev.rmbee.federation.FederationQueueException;
import dev.rmbee.redis.StreamIds;
import dev.rmbee.redis.resp.RespCommands;
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
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamMessageId;

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
 *   <li>success or giving up: {@code XACK} then {@code XDEL} of the id, so the stream does not
 *       grow forever (the reference never deletes: its quirk 4); the acknowledgements made while
 *       one batch of them is in flight go out together as the next ({@link AckBatches}).
 * </ul>
 * The writes of every entry ({@code XADD}, {@code XACK}, {@code XDEL}) go through the relay's
 * pipelined RESP client when it is given, each worker's blocking reads through a RESP connection of
 * its own when given, the claims through Redisson.
 * The commands are {@link FederationStream}'s; what this instance holds and when each retry is
 * due is {@link HeldEntries}'; the claims of pending entries are {@link PendingClaims}'.
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
 * <p><b>Threads.</b> Nothing blocks a caller: the XREADGROUP wait happens in Redis, on the worker's
 * RESP connection or a pooled Redisson one. Returned stages complete on the executor given to the
 * constructor, never on the clients' I/O threads. The clients stay the caller's.
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

    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private final Executor executor;
    private final FederationStream stream;
    private final HeldEntries held;
    private final PendingClaims claims;
    private final AckBatches<StreamMessageId> acks;

    /** How long {@link #close()} waits for the reads still waiting in Redis to end. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    /** XREADGROUPs sent and not answered yet: {@link #close()} waits for them. */
    private final WaitingReads reads = new WaitingReads();

    /** Takes not completed yet: {@link #close()} ends them. */
    private final Set<CompletableFuture<List<FederationEntry>>> takes = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    /**
     * @param redisson a connected client; it stays the caller's (not shut down by {@link #close()})
     * @param executor completes the returned stages (a managed executor in the container)
     * @param instance this relay instance's id, unique among the instances sharing the Redis and
     *     the same across its restarts (e.g. the host name of a stateful pod); letters, digits
     *     and {@code . _ : @ -}
     * @param claimIdle how long another consumer's entry must be idle before this instance takes
     *     it over; longer than the longest retry delay plus one sending attempt
     * @param scanInterval how often this instance looks for such entries
     * @param resp the pipelined RESP client of the entries' writes ({@code XADD}, {@code XACK},
     *     {@code XDEL}) on the same Redis, the caller's; null: Redisson sends them
     * @param reads RESP connections to the same Redis, the caller's, one per worker (worker {@code
     *     i} at index {@code i}) for its blocking reads alone; a worker without one reads through
     *     Redisson
     */
    public RedisFederationQueue(
            RedissonClient redisson,
            RespCommands resp,
            List<RespCommands> reads,
            Executor executor,
            String instance,
            Duration claimIdle,
            Duration scanInterval) {
        Objects.requireNonNull(redisson, "redisson");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (instance == null || !INSTANCE_ID.matcher(instance).matches()) {
            throw new IllegalArgumentException(
                    "federation instance id must be 1 to 100 letters, digits or . _ : @ -, not '" + instance + "'");
        }
        if (claimIdle.toMillis() < 1 || scanInterval.isNegative()) {
            throw new IllegalArgumentException("claim idle time must be at least 1 ms, scan interval not negative");
        }
        this.stream = new FederationStream(redisson, resp, reads, instance);
        this.held = new HeldEntries(stream);
        this.claims = new PendingClaims(stream, held, claimIdle.toMillis(), scanInterval.toNanos());
        this.acks = new AckBatches<>(stream::ackAndDelete, executor);
    }

    /** Every command through Redisson. */
    public RedisFederationQueue(
            RedissonClient redisson, Executor executor, String instance, Duration claimIdle, Duration scanInterval) {
        this(redisson, null, List.of(), executor, instance, claimIdle, scanInterval);
    }

    /** With the default claim idle time ({@code 60 s}) and scan interval ({@code 2 s}). */
    public RedisFederationQueue(RedissonClient redisson, Executor executor, String instance) {
        this(redisson, executor, instance, DEFAULT_CLAIM_IDLE, DEFAULT_SCAN_INTERVAL);
    }

    /** The consumer name of one of this instance's workers: {@code <instance>-<worker>}. */
    public String consumer(int worker) {
        return stream.consumer(worker);
    }

    @Override
    public CompletionStage<Void> add(byte[] envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return complete(stream.add(envelope).thenApply(id -> (Void) null), "XADD " + STREAM);
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
                claims.recovered(worker).thenCompose(ignored -> attempt(worker, max, deadline));
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
        return claims.claimDue(worker, max)
                .thenCompose(due -> due.size() >= max
                        ? CompletableFuture.completedFuture(due)
                        : claims.claimOrphans(worker, max - due.size()).thenApply(orphans -> concat(due, orphans)))
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

    /** Reads new entries, waiting in Redis up to {@code wait} (no wait when it is under 1 ms). */
    private CompletionStage<List<FederationEntry>> readNew(int worker, int max, Duration wait) {
        return reads.send(() -> stream.readNew(worker, max, wait), null).thenApply(entries -> {
            Map<StreamMessageId, Long> first = new ConcurrentHashMap<>();
            if (entries != null) {
                entries.keySet().forEach(id -> first.put(id, 1L));
            }
            return held.handOut(worker, entries, first);
        });
    }

    /** The wait of a read: no longer than until the worker's next retry falls due, or the next scan. */
    private Duration waitFor(int worker, Duration wait) {
        long now = System.nanoTime();
        long nanos = Math.min(Math.max(0, wait.toNanos()), Math.max(0, claims.nextScanNanos() - now));
        return Duration.ofNanos(held.untilNextDue(worker, now, nanos));
    }

    @Override
    public CompletionStage<Void> acknowledge(FederationEntry entry) {
        StreamMessageId id = StreamIds.parse(entry.id());
        held.remove(id);
        // completed on the executor by the batch, one task for all of a batch's
        return acks.acknowledge(id).exceptionally(error -> {
            throw new CompletionException(failure("XACK/XDEL " + entry.id() + " on " + STREAM, error));
        });
    }

    /** {@code XLEN relay.federation.stream}: delivered entries are deleted, so what is left waits. */
    @Override
    public CompletionStage<Long> depth() {
        return complete(stream.length(), "XLEN " + STREAM);
    }

    @Override
    public void retryLater(FederationEntry entry, Duration delay) {
        held.release(StreamIds.parse(entry.id()), entry, delay);
    }

    /**
     * Stops handing out entries, ends waiting takes, and returns once the XREADGROUPs still waiting
     * in Redis ended (at most {@link #CLOSE_WAIT}: a read waits no longer than until the next scan).
     * Whatever those last reads bring stays pending for this instance's consumers, and so do the
     * entries held: the next run with the same instance id retries them at its first take. Were a
     * read left waiting, Redis would give a new entry to it rather than to that next run's reads,
     * and the entry would wait for the claim idle time.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<List<FederationEntry>> take : takes) {
            take.complete(List.of());
        }
        takes.clear();
        reads.closeAndAwait(CLOSE_WAIT);
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
