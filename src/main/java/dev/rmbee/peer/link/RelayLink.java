package dev.rmbee.peer.link;

import dev.rmbee.retry.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One relay connection that keeps itself up (peer.md §3): connects with a fresh token, passes every
 * inbound envelope on, and reconnects after a backoff when the connection is lost, for as long as
 * it is not closed. This class is the link's state machine (new, connecting, connected, waiting
 * for the next attempt, closed); each open connection is a {@link LinkConnection} with its outbox
 * and keep-alive, and the socket events of an attempt go through a {@link LinkListener}.
 *
 * <p>Sending: when the connection fails, what it had not written (and the envelope it was
 * writing) goes back to the {@link SendDispatcher}, which offers it to another link or to this
 * one once it is back.
 *
 * <p>All callbacks (socket events, write completions, timers) run on the given executor and
 * scheduler. Each connection attempt has a generation number; events of an earlier one are
 * ignored. The link's lock is never held while calling the dispatcher.
 */
final class RelayLink implements SendDispatcher.Outlet {

    private static final Logger LOG = Logger.getLogger(RelayLink.class.getName());

    private enum Phase {
        NEW,
        CONNECTING,
        CONNECTED,
        WAITING,
        CLOSED
    }

    private final RelayUrl url;
    private final int twin;
    private final LinkTokens tokens;
    private final HttpClient http;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final RelayLinkSettings settings;
    private final Function<byte[], ? extends CompletionStage<?>> inbound;
    private final Backoff.Series backoff;
    private volatile SendDispatcher dispatcher;

    // guarded by "this"
    private Phase phase = Phase.NEW;
    private long generation;
    private LinkConnection connection;
    private ScheduledFuture<?> retry;
    private Instant since;
    private String lastError;
    private long connects;
    private long failedAttempts; // since the last connect

    RelayLink(
            RelayUrl url,
            int twin,
            LinkTokens tokens,
            HttpClient http,
            Executor executor,
            ScheduledExecutorService scheduler,
            Clock clock,
            RelayLinkSettings settings,
            Function<byte[], ? extends CompletionStage<?>> inbound,
            Backoff.Series backoff) {
        this.url = url;
        this.twin = twin;
        this.tokens = tokens;
        this.http = http;
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.inbound = inbound;
        this.backoff = backoff;
    }

    /** Set once, before {@link #start}. */
    void attach(SendDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    RelayUrl url() {
        return url;
    }

    void start() {
        synchronized (this) {
            if (phase != Phase.NEW) {
                return;
            }
            since = clock.instant();
        }
        connect();
    }

    synchronized LinkStatus status() {
        return new LinkStatus(
                url.toString(),
                phase == Phase.CONNECTED,
                since,
                lastError,
                connects,
                connection == null ? 0 : connection.queued());
    }

    @Override
    public synchronized Runnable offer(PendingSend send) {
        return phase == Phase.CONNECTED && connection.add(send) ? connection::writeHere : null;
    }

    /** Stops for good: closes the connection, cancels timers, hands back what was not written. */
    void close() {
        LinkConnection open;
        List<PendingSend> unwritten;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            generation++;
            open = connection;
            unwritten = retireConnection();
        }
        if (open != null) {
            open.closeGently();
        }
        dispatcher.handBack(unwritten);
    }

    // ---- connecting

    private void connect() {
        long attempt;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CONNECTING;
            retry = null;
            attempt = ++generation;
        }
        String token = null;
        try {
            token = tokens.fresh();
            URI address = url.withToken(token);
            String secret = token;
            http.newWebSocketBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .buildAsync(address, new LinkListener(this, attempt, settings.maxMessageBytes()))
                    .whenComplete((opened, error) -> {
                        if (error == null) {
                            opened(attempt, opened);
                        } else {
                            down(attempt, "cannot connect: " + LinkFailures.describe(error, secret));
                        }
                    });
        } catch (RuntimeException e) {
            down(attempt, "cannot connect: " + LinkFailures.describe(e, token));
        }
    }

    private void opened(long attempt, WebSocket opened) {
        long count;
        synchronized (this) {
            if (attempt != generation || phase != Phase.CONNECTING) {
                opened.abort(); // closed (or superseded) while the handshake ran
                return;
            }
            Instant now = clock.instant();
            phase = Phase.CONNECTED;
            connection = new LinkConnection(this, opened, attempt, twin, executor, scheduler, clock, settings, now);
            since = now;
            count = ++connects;
            failedAttempts = 0;
            connection.startTicking();
        }
        LinkFailures.logUp(url, count > 1);
        dispatcher.pump();
    }

    /**
     * The connection (or the attempt) {@code attempt} ended: hand back what it had not written and
     * try again after the backoff.
     */
    void down(long attempt, String reason) {
        LinkConnection lost;
        List<PendingSend> unwritten;
        Duration delay;
        boolean wasConnected;
        long failures;
        synchronized (this) {
            if (attempt != generation || (phase != Phase.CONNECTING && phase != Phase.CONNECTED)) {
                return; // an earlier connection, or already handled
            }
            Instant now = clock.instant();
            wasConnected = phase == Phase.CONNECTED;
            if (wasConnected && Duration.between(connection.openedAt(), now).compareTo(settings.liveness()) >= 0) {
                backoff.reset(); // it worked for a while: come back quickly
            }
            generation++;
            lost = connection;
            unwritten = retireConnection();
            if (wasConnected) {
                since = now;
            }
            lastError = reason;
            failures = wasConnected ? 0 : ++failedAttempts;
            delay = backoff.next();
            phase = Phase.WAITING;
            try {
                retry = scheduler.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                phase = Phase.CLOSED;
            }
        }
        if (lost != null) {
            lost.abort();
        }
        LinkFailures.logDown(url, wasConnected, reason, failures, delay);
        dispatcher.handBack(unwritten);
    }

    /** Caller holds the lock. Cancels the retry timer, retires the connection; returns what it had not written. */
    private List<PendingSend> retireConnection() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        LinkConnection retired = connection;
        connection = null;
        return retired == null ? List.of() : retired.retire();
    }

    // ---- events of the connections

    /** {@code sent} was handed to the socket: the dispatcher completes it and favours this link. */
    void written(PendingSend sent) {
        dispatcher.written(this, sent);
    }

    /** An envelope; the stage completes when the consumer took care of it (the next frame may be read). */
    CompletionStage<?> received(long attempt, byte[] message) {
        String pong = LinkPings.ownPongUid(message);
        LinkConnection open = current(attempt);
        if (open != null) {
            open.envelopeReceived(pong);
        }
        if (pong != null) {
            return CompletableFuture.completedFuture(null); // the link's own business
        }
        try {
            return inbound.apply(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "relay " + url + ": the inbound consumer failed on an envelope", e);
            return CompletableFuture.completedFuture(null);
        }
    }

    void frameReceived(long attempt) {
        LinkConnection open = current(attempt);
        if (open != null) {
            open.frameReceived();
        }
    }

    /** The open connection of generation {@code attempt}, or {@code null}. */
    private synchronized LinkConnection current(long attempt) {
        return attempt == generation ? connection : null;
    }
}
