package dev.rmbee.chain.twins;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.chain.rpc.Head;
import dev.rmbee.chain.rpc.NodeListener;
import dev.rmbee.chain.rpc.NodePool;
import dev.rmbee.chain.rpc.RpcConnection;
import dev.rmbee.chain.rpc.RpcUnavailableException;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.tfgrid.StorageKeys;
import dev.rmbee.chain.tfgrid.SystemEvents;
import dev.rmbee.metrics.ChainCounters;
import dev.rmbee.registry.TwinCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the chain's best blocks and applies every block's twin events to the cache, in block
 * order (chain.md §3): after a reconnect the missed blocks are fetched one by one, unless more than
 * {@code catchupThreshold} were missed, in which case the cache is emptied instead. A node that
 * produces no block for {@code headTimeout} is left for the next URL. Called by the node pool's
 * threads; one block is processed at a time.
 */
final class ChainFollower implements NodeListener {

    private static final Logger LOG = Logger.getLogger(ChainFollower.class.getName());

    private final NodePool pool;
    private final SubstrateApi api;
    private final ChainRuntimes runtimes;
    private final TwinCache cache;
    private final TwinEvents events;
    private final int catchupThreshold;
    private final Duration headTimeout;
    private final Clock clock;
    private final ChainCounters counters;

    /** Guarded by this. */
    private long processed = -1;

    private Head target;
    private boolean busy;
    private Instant lastHeadAt;

    ChainFollower(
            NodePool pool,
            SubstrateApi api,
            ChainRuntimes runtimes,
            TwinCache cache,
            ChainTwinSource source,
            int catchupThreshold,
            Duration headTimeout,
            Clock clock,
            ChainCounters counters) {
        this.pool = pool;
        this.api = api;
        this.runtimes = runtimes;
        this.cache = cache;
        this.events = new TwinEvents(cache, source, counters);
        this.counters = counters;
        this.catchupThreshold = catchupThreshold;
        this.headTimeout = headTimeout;
        this.clock = clock;
        this.lastHeadAt = clock.instant();
    }

    @Override
    public void connected(RpcConnection connection) {
        counters.connected();
        synchronized (this) {
            lastHeadAt = clock.instant();
        }
        runtimes.refresh(api)
                .thenCompose(runtime ->
                        api.subscribeRuntimeVersion(version -> runtimes.refreshIfChanged(api, version.specVersion())))
                .thenCompose(subscribed -> api.subscribeNewHeads(this::onHead))
                .whenComplete((subscribed, failure) -> {
                    if (failure != null) {
                        pool.reconnect(
                                "following the chain failed: " + AsyncResults.describe(AsyncResults.unwrap(failure)));
                    }
                });
    }

    /**
     * Run periodically: leaves a node that has not produced a block for the head timeout, and
     * probes the connection with a cheap call, so that a node gone without a word (a socket whose
     * end the JDK did not report) is left within a call timeout instead of at the head timeout.
     */
    void checkStall() {
        Instant now = clock.instant();
        synchronized (this) {
            if (!now.isAfter(lastHeadAt.plus(headTimeout))) {
                probe();
                return;
            }
            lastHeadAt = now;
        }
        counters.failed(ChainCounters.Stage.STALL);
        pool.reconnect("no new block for " + headTimeout.toSeconds() + " s");
    }

    private void probe() {
        RpcConnection connection;
        try {
            connection = pool.current();
        } catch (RpcUnavailableException notConnected) {
            return;
        }
        connection.call("chain_getBlockHash").whenComplete((hash, failure) -> {
            if (AsyncResults.unwrap(failure) instanceof RpcUnavailableException silent && connection.isOpen()) {
                connection.close("no answer to a keep-alive call: " + silent.getMessage());
            }
        });
    }

    /** The last block whose events were applied; -1 before the first. */
    synchronized long processed() {
        return processed;
    }

    void onHead(Head head) {
        synchronized (this) {
            lastHeadAt = clock.instant();
            target = head;
            if (processed >= 0 && head.number() <= processed) {
                // another block at a height already seen (a fork, or the head again after a reconnect): read it
                processed = head.number() - 1;
            }
            if (busy) {
                return;
            }
            busy = true;
        }
        next();
    }

    /** Processes the next block towards the target, or stops when there is none. */
    private void next() {
        long block;
        Optional<byte[]> knownHash;
        synchronized (this) {
            block = nextBlock();
            if (block < 0) {
                busy = false;
                return;
            }
            knownHash = block == target.number() ? Optional.of(target.hash()) : Optional.empty();
        }
        CompletableFuture<Optional<byte[]>> hash =
                knownHash.isPresent() ? CompletableFuture.completedFuture(knownHash) : api.blockHash(block);
        hash.thenCompose(found -> found.map(h -> api.storage(StorageKeys.systemEvents(), h))
                        .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty())))
                .whenComplete((value, failure) -> {
                    if (failure != null) {
                        stopped(block, failure);
                    } else {
                        apply(block, value.orElse(new byte[] {0}));
                        next();
                    }
                });
    }

    /** The next block to process, -1 when caught up; empties the cache on a gap over the threshold. */
    private long nextBlock() {
        long head = target.number();
        if (processed < 0) {
            processed = head - 1; // the first head: that block alone
        } else if (head - processed > catchupThreshold) {
            LOG.warning("missed " + (head - processed) + " blocks (more than rmb.chain.catchup-threshold "
                    + catchupThreshold + "): twin cache emptied");
            cache.invalidateAll();
            processed = head - 1;
        }
        return processed < head ? processed + 1 : -1;
    }

    private void apply(long block, byte[] eventsValue) {
        try {
            ChainRuntime runtime = runtimes.current();
            int applied = events.apply(block, SystemEvents.decode(eventsValue, runtime.metadata(), runtime.shapes()));
            if (applied > 0) {
                LOG.fine(() -> "block " + block + ": " + applied + " twin events applied");
            }
        } catch (RuntimeException e) {
            // unreadable events (a runtime not read yet, or not supported): twins may have changed unseen
            counters.failed(ChainCounters.Stage.DECODE);
            LOG.log(Level.WARNING, "block {0}: events unreadable ({1}); twin cache emptied", new Object[] {
                block, e.getMessage()
            });
            cache.invalidateAll();
            runtimes.refresh(api);
        }
        synchronized (this) {
            if (block == processed + 1) { // else a fork came meanwhile: its height is read next
                processed = block;
            }
        }
    }

    private void stopped(long block, Throwable failure) {
        counters.failed(ChainCounters.Stage.FETCH);
        LOG.fine(() ->
                "following stopped at block " + block + ": " + AsyncResults.describe(AsyncResults.unwrap(failure)));
        synchronized (this) {
            busy = false;
        }
    }
}
