package dev.rmbee.chain.twins;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.chain.rpc.NodePool;
import dev.rmbee.chain.rpc.RpcConnection;
import dev.rmbee.chain.rpc.RpcUnavailableException;
import dev.rmbee.chain.rpc.SubstrateApi;
import dev.rmbee.chain.rpc.WebSocketChannels;
import dev.rmbee.chain.tfgrid.UnsupportedChainException;
import dev.rmbee.metrics.ChainCounters;
import dev.rmbee.registry.TwinCache;
import dev.rmbee.retry.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Twins from tfchain: the node pool, the cached registry in front of the chain, and the follower
 * that keeps the cache current. {@link #start()} waits for the first connection: a runtime whose
 * shapes rmb-ee cannot read stops the start (with the differences named); nodes that cannot be
 * reached do not (lookups answer "registry unavailable" while the pool goes on trying).
 */
public final class ChainTwins implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChainTwins.class.getName());

    /** What {@code rmb.chain.*} configures. */
    public record Settings(
            List<URI> urls,
            TwinCache.Limits cache,
            Duration lookupTimeout,
            Duration connectTimeout,
            Duration headTimeout,
            int catchupThreshold,
            Backoff reconnect) {}

    private final NodePool pool;
    private final SubstrateApi api;
    private final ChainTwinSource source;
    private final ChainRuntimes runtimes;
    private final TwinCache cache;
    private final ChainFollower follower;
    private final ChainCounters counters = new ChainCounters();
    private final ScheduledFuture<?> stallCheck;
    private final Duration startWait;

    public ChainTwins(Settings settings, Executor executor, ScheduledExecutorService scheduler, Clock clock) {
        // the sockets on the HTTP client's own threads (on an application server's managed executor a
        // node's closed socket went unnoticed); lookups' answers reach callers through the executor
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .build();
        WebSocketChannels channels =
                new WebSocketChannels(http, settings.connectTimeout(), WebSocketChannels.DEFAULT_MAX_MESSAGE_CHARS);
        this.pool = new NodePool(
                settings.urls(),
                channels,
                scheduler,
                settings.connectTimeout(),
                settings.lookupTimeout(),
                settings.reconnect(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.api = new SubstrateApi(pool);
        this.source = new ChainTwinSource(
                api, executor, settings.lookupTimeout(), settings.cache().absentTtl(), clock);
        this.runtimes = new ChainRuntimes(source);
        this.cache = new TwinCache(source, settings.cache(), clock);
        this.follower = new ChainFollower(
                pool,
                api,
                runtimes,
                cache,
                source,
                settings.catchupThreshold(),
                settings.headTimeout(),
                clock,
                counters);
        pool.addListener(follower);
        this.startWait = settings.connectTimeout();
        long period = Math.max(1, settings.headTimeout().toMillis() / 4);
        this.stallCheck = scheduler.scheduleWithFixedDelay(follower::checkStall, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects and reads the runtime, waiting at most one connect timeout: nodes that cannot be
     * reached by then are tried on in the background.
     *
     * @throws UnsupportedChainException when the chain's runtime has shapes rmb-ee cannot read
     */
    public void start() throws InterruptedException {
        CompletableFuture<ChainRuntime> first = pool.start().thenCompose(connection -> runtimes.refresh(api));
        try {
            ChainRuntime runtime = first.get(startWait.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(() -> "twins come from tfchain (" + runtime.version().specName() + " spec " + runtime.specVersion()
                    + ") through " + pool.current().url());
        } catch (TimeoutException e) {
            LOG.warning("no tfchain node answered within " + startWait.toSeconds()
                    + " s: twins not in the local registry are unavailable until one does");
        } catch (ExecutionException e) {
            Throwable cause = AsyncResults.unwrap(e);
            if (cause instanceof UnsupportedChainException unsupported) {
                throw unsupported;
            }
            LOG.warning("no tfchain node reachable yet (" + AsyncResults.describe(cause)
                    + "): twins not in the local registry are unavailable until one is");
        }
    }

    /** The registry over the chain (cached, kept current by the chain's events). */
    public TwinCache registry() {
        return cache;
    }

    /** The uncached chain (a peer compares its own twin with what the chain has now). */
    public ChainTwinSource chain() {
        return source;
    }

    public SubstrateApi api() {
        return api;
    }

    /** The runtime read last; null before the first. */
    public ChainRuntime runtime() {
        return runtimes.current();
    }

    /** Whether a node is connected now. */
    public boolean connected() {
        try {
            return pool.current().isOpen();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The URL of the node connected now; empty while none is. */
    public Optional<URI> nodeUrl() {
        try {
            RpcConnection connection = pool.current();
            return connection.isOpen() ? Optional.of(connection.url()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why no node is connected now, with the last failure; empty while one is. */
    public Optional<String> unavailable() {
        try {
            RpcConnection connection = pool.current();
            return connection.isOpen()
                    ? Optional.empty()
                    : Optional.of("connection to " + connection.url() + " closed");
        } catch (RpcUnavailableException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The last block whose twin events were applied; -1 before the first. */
    public long followedBlock() {
        return follower.processed();
    }

    /** What the chain listener counted: twin events, reconnections, failures by stage. */
    public ChainCounters counters() {
        return counters;
    }

    @Override
    public void close() {
        stallCheck.cancel(false);
        pool.close();
    }
}
