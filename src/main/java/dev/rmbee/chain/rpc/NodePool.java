package dev.rmbee.chain.rpc;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.retry.Backoff;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The configured node URLs as one client (chain.md §2, failover): a rotating list, tried in turn,
 * one connection at a time. Every attempt after the first waits for the backoff, and has {@code
 * connectTimeout}; a lost connection is followed by an attempt on the next URL, and so on until
 * {@link #close()}. {@link #start()} fails after {@code 2 × n} failed attempts, as the reference
 * gives up, but the pool goes on trying. {@link #current()} never waits: with no node connected it
 * fails at once, so that a relay can answer "registry unavailable". Thread-safe; {@link
 * PoolListeners} tells listeners of connections and losses.
 */
public final class NodePool implements RpcClient, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodePool.class.getName());
    /** A node that accepts and then drops or stalls, again and again: once a minute per node, with a count. */
    private static final LogThrottle LOSSES = LogThrottle.perInterval();

    private final List<URI> urls;
    private final RpcChannel.Opener opener;
    private final ScheduledExecutorService scheduler;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Backoff.Series backoff;
    private final PoolListeners listeners = new PoolListeners(this::isCurrent);
    private final CompletableFuture<RpcConnection> started = new CompletableFuture<>();
    private final NextConnection waiters;

    // guarded by "this"
    private PoolPhase phase = PoolPhase.NEW;
    private long generation;
    private int next;
    private RpcConnection connection;
    private ScheduledFuture<?> timer;
    private long failedAttempts;
    private String lastError;

    /**
     * @param urls the nodes, tried in this order from the first
     * @param scheduler runs the timeouts and the waits between attempts
     * @param connectTimeout the longest one attempt may take
     * @param callTimeout the longest a call waits for its answer
     * @param backoff the waits before attempts after the first, drawn with {@code random}
     */
    public NodePool(
            List<URI> urls,
            RpcChannel.Opener opener,
            ScheduledExecutorService scheduler,
            Duration connectTimeout,
            Duration callTimeout,
            Backoff backoff,
            DoubleSupplier random) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no chain node URL");
        }
        this.urls = List.copyOf(urls);
        this.opener = opener;
        this.scheduler = scheduler;
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
        this.backoff = backoff.series(random);
        this.waiters = new NextConnection(scheduler, callTimeout);
    }

    /**
     * Starts connecting (once; later calls return the same future): the first connection, or an
     * {@link RpcUnavailableException} after {@code 2 × n} failed attempts (the pool keeps trying).
     */
    public CompletableFuture<RpcConnection> start() {
        if (begin()) {
            attempt();
        }
        return started;
    }

    /** Adds a listener; when a node is connected it is told so at once. */
    public void addListener(NodeListener listener) {
        listeners.add(listener);
    }

    /**
     * The connected node's connection.
     *
     * @throws RpcUnavailableException at once when none is connected
     */
    public RpcConnection current() {
        RpcConnection open = connectedOrNull();
        if (open == null) {
            throw new RpcUnavailableException("no chain node connected" + lastErrorSuffix());
        }
        return open;
    }

    @Override
    public RpcConnection connection() {
        return current();
    }

    /**
     * Calls {@code method} on the current connection; when that connection is lost before the
     * answer, once more on the next one (waiting for it up to the call timeout). Error answers and
     * timeouts on a connection that stays up are not retried.
     */
    @Override
    public CompletableFuture<JsonValue> call(String method, JsonValue... params) {
        RpcConnection first;
        try {
            first = current();
        } catch (RpcUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        return NextConnection.call(first, this::nextConnection, method, params);
    }

    /** Leaves the current node (e.g. its heads stalled) for the next URL, after the backoff. */
    public void reconnect(String reason) {
        RpcConnection open = connectedOrNull();
        if (open != null) {
            LOG.log(Level.WARNING, "leaving chain node {0}: {1}", new Object[] {open.url(), reason});
            open.close(reason);
        }
    }

    /** Stops for good: closes the connection, stops trying; waiting callers fail. */
    @Override
    public void close() {
        RpcConnection open;
        long closing;
        synchronized (this) {
            if (phase == PoolPhase.CLOSED) {
                return;
            }
            phase = PoolPhase.CLOSED;
            closing = ++generation;
            cancelTimer();
            open = connection;
            connection = null;
        }
        RpcUnavailableException closed = new RpcUnavailableException("the chain node pool is closed");
        started.completeExceptionally(closed);
        waiters.closed(closed);
        if (open != null) {
            open.close("the chain node pool is closed");
            listeners.disconnected(closing, "the chain node pool is closed");
        }
    }

    private void attempt() {
        long attempt;
        URI url;
        synchronized (this) {
            if (phase == PoolPhase.CLOSED) {
                return;
            }
            phase = PoolPhase.CONNECTING;
            attempt = ++generation;
            url = urls.get(next);
            next = (next + 1) % urls.size();
            timer = scheduler.schedule(
                    () -> failed(attempt, url, "no connection within " + connectTimeout),
                    connectTimeout.toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        RpcConnection.open(opener, url, scheduler, callTimeout, reason -> lost(attempt, reason))
                .whenComplete((opened, error) -> {
                    if (error == null) {
                        opened(attempt, opened);
                    } else {
                        failed(attempt, url, AsyncResults.describe(AsyncResults.unwrap(error)));
                    }
                });
    }

    private void opened(long attempt, RpcConnection opened) {
        boolean taken;
        synchronized (this) {
            taken = attempt == generation && phase == PoolPhase.CONNECTING;
            if (taken) {
                phase = PoolPhase.CONNECTED;
                connection = opened;
                cancelTimer();
                backoff.reset();
                failedAttempts = 0;
            }
        }
        if (!taken) { // it came after its attempt timed out, or the pool closed
            opened.close("superseded");
            return;
        }
        LOG.log(Level.INFO, "connected to chain node {0}", opened.url());
        started.complete(opened);
        waiters.connected(opened);
        listeners.connected(attempt, opened);
    }

    private void failed(long attempt, URI url, String reason) {
        boolean giveUpStart;
        boolean firstRound;
        synchronized (this) {
            if (attempt != generation || phase != PoolPhase.CONNECTING) {
                return;
            }
            cancelTimer();
            lastError = url + ": " + reason;
            failedAttempts++;
            giveUpStart = failedAttempts == 2L * urls.size();
            firstRound = failedAttempts <= urls.size();
            waitForNextAttempt();
        }
        LOG.log(firstRound ? Level.WARNING : Level.FINE, "cannot connect to chain node {0}: {1}", new Object[] {
            url, reason
        });
        if (giveUpStart) {
            started.completeExceptionally(new RpcUnavailableException(
                    "failed to connect to substrate using the provided urls" + lastErrorSuffix()));
        }
    }

    private void lost(long attempt, String reason) {
        PoolPhase was;
        URI url;
        synchronized (this) {
            if (attempt != generation || (phase != PoolPhase.CONNECTING && phase != PoolPhase.CONNECTED)) {
                return;
            }
            was = phase;
            url = urls.get(Math.floorMod(next - 1, urls.size()));
            if (was == PoolPhase.CONNECTED) {
                lastError = url + ": " + reason;
                connection = null;
                waitForNextAttempt();
            }
        }
        if (was == PoolPhase.CONNECTING) {
            failed(attempt, url, reason); // ended between opening and being taken
            return;
        }
        LOSSES.log(
                url.toString(),
                LOG,
                Level.WARNING,
                LogFields.none().and("node", url),
                () -> "lost a chain node (" + reason + "); trying the next one");
        listeners.disconnected(attempt, reason);
    }

    private void waitForNextAttempt() {
        phase = PoolPhase.WAITING;
        timer = scheduler.schedule(this::attempt, backoff.next().toNanos(), TimeUnit.NANOSECONDS);
    }

    private CompletableFuture<RpcConnection> nextConnection(RpcConnection previous) {
        CompletableFuture<RpcConnection> next = waiters.add(this::lastErrorSuffix);
        RpcConnection now = connectedOrNull(); // checked after adding, so that none is missed
        if (now != null && now != previous) {
            next.complete(now);
        }
        return next;
    }

    private synchronized boolean begin() {
        boolean first = phase == PoolPhase.NEW;
        phase = first ? PoolPhase.CONNECTING : phase;
        return first;
    }

    private synchronized RpcConnection connectedOrNull() {
        return connection;
    }

    private synchronized boolean isCurrent(long attempt) { // whether no attempt came after it
        return attempt == generation;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private synchronized String lastErrorSuffix() {
        return lastError == null ? "" : " (last: " + lastError + ")";
    }
}
