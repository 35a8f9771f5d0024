package dev.rmbee.federation.redis;

import static dev.rmbee.federation.redis.RedisFederationQueue.GROUP;
import static dev.rmbee.federation.redis.RedisFederationQueue.PENDING_PAGE;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.federation.FederationEntry;
import dev.rmbee.federation.redis.HeldEntries.Held;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.redisson.api.stream.PendingEntry;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.api.stream.StreamPendingRangeArgs;

/**
 * The entries a worker gets from the group's pending list rather than as new entries: its own
 * entries left by an earlier run of this instance ({@code XPENDING … <consumer>}, recovered once
 * per worker), its own entries whose retry delay is over, and other consumers' entries idle for
 * at least the claim idle time ({@code XPENDING … IDLE}, scanned at most every scan interval
 * across this instance's workers). All of them are taken with {@code XCLAIM}, so that of two
 * instances racing for an entry only one gets it.
 */
final class PendingClaims {

    /** Allowance between this JVM's clock and Redis's when claiming an entry back after its delay. */
    private static final long CLAIM_MARGIN_MILLIS = 100;

    private static final Logger LOG = Logger.getLogger(RedisFederationQueue.class.getName());

    private final FederationStream stream;
    private final HeldEntries held;
    private final long claimIdleMillis;
    private final long scanIntervalNanos;
    /** Per worker: the recovery of its consumer's pending entries from an earlier run. */
    private final ConcurrentMap<Integer, CompletableFuture<Void>> recoveries = new ConcurrentHashMap<>();

    private final AtomicLong nextScanNanos = new AtomicLong(System.nanoTime());

    PendingClaims(FederationStream stream, HeldEntries held, long claimIdleMillis, long scanIntervalNanos) {
        this.stream = stream;
        this.held = held;
        this.claimIdleMillis = claimIdleMillis;
        this.scanIntervalNanos = scanIntervalNanos;
    }

    /** When the next scan for other consumers' idle entries may run (nanoTime). */
    long nextScanNanos() {
        return nextScanNanos.get();
    }

    /**
     * Completes once the worker's own pending entries that nobody here holds (left by an earlier
     * run of this instance) are put up for a retry now; done once per worker, before its first
     * read, so that no entry read meanwhile is mistaken for one of them. A failure is tried again
     * by the next take.
     */
    CompletionStage<Void> recovered(int worker) {
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
                LOG.info(() -> "federation: " + count + " pending entries of " + stream.consumer(worker)
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
                .consumerName(stream.consumer(worker));
        return stream.listPending(args).thenCompose(pending -> {
            long now = System.nanoTime();
            for (PendingEntry entry : pending) {
                // due now, claimable at any idle time: it is this consumer's own entry
                held.recovered(entry.getId(), worker, entry.getDeliveryCount(), now);
            }
            int total = found + pending.size();
            return pending.size() < PENDING_PAGE
                    ? CompletableFuture.completedFuture(total)
                    : recover(worker, pending.get(pending.size() - 1).getId(), total);
        });
    }

    /** Claims back the worker's entries whose retry delay is over, oldest id first. */
    CompletionStage<List<FederationEntry>> claimDue(int worker, int max) {
        long now = System.nanoTime();
        List<Map.Entry<StreamMessageId, Held>> due = held.due(worker, now);
        if (due.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<CompletableFuture<FederationEntry>> claims = new ArrayList<>();
        for (Map.Entry<StreamMessageId, Held> entry : due.subList(0, Math.min(max, due.size()))) {
            StreamMessageId id = entry.getKey();
            Held state = entry.getValue();
            Held claiming = Held.taken(worker, state.deliveries + 1);
            if (held.replace(id, state, claiming)) { // else changed meanwhile
                long minIdle =
                        Math.max(0, TimeUnit.NANOSECONDS.toMillis(now - state.releasedNanos) - CLAIM_MARGIN_MILLIS);
                claims.add(claimBack(worker, id, state, claiming, minIdle).toCompletableFuture());
            }
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

    /** One due entry: the claimed entry, or {@code null} when it is not ours any more or the claim failed. */
    private CompletionStage<FederationEntry> claimBack(
            int worker, StreamMessageId id, Held state, Held claiming, long minIdleMillis) {
        return stream.claim(worker, minIdleMillis, id)
                .thenApply(claimed -> {
                    FederationEntry result = held.handOut(worker, claimed, Map.of(id, claiming.deliveries)).stream()
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
                    LOG.fine(() -> "federation: XCLAIM of " + id + " for " + stream.consumer(worker) + " failed: "
                            + AsyncResults.describe(AsyncResults.unwrap(error)));
                    held.replace(id, claiming, state);
                    return null;
                });
    }

    /**
     * At most every scan interval (across this instance's workers): takes over entries of other
     * consumers (other instances, or this instance's consumers of an earlier run with more workers)
     * idle for at least the claim idle time.
     */
    CompletionStage<List<FederationEntry>> claimOrphans(int worker, int room) {
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
        return stream.listPending(args).thenCompose(pending -> {
            Map<StreamMessageId, Long> deliveries = new ConcurrentHashMap<>();
            List<StreamMessageId> ids = new ArrayList<>();
            for (PendingEntry entry : pending) {
                if (held.holds(entry.getId())) {
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
            return stream.claim(worker, claimIdleMillis, ids.toArray(new StreamMessageId[0]))
                    .thenApply(claimed -> {
                        if (!claimed.isEmpty()) {
                            LOG.info(() -> "federation: " + stream.consumer(worker) + " took over " + claimed.size()
                                    + " entries idle for " + claimIdleMillis + " ms or more");
                        }
                        return held.handOut(worker, claimed, deliveries);
                    });
        });
    }
}
