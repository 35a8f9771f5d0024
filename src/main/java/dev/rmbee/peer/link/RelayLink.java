package dev.rmbee.peer.link;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.retry.Backoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One relay connection that keeps itself up (peer.md §3): connects with a fresh token, passes every
 * inbound envelope on, pings when idle, aborts a connection that stopped answering, and reconnects
 * after a backoff, for as long as it is not closed.
 *
 * <p>Sending: the JDK WebSocket allows one outstanding data send, so the link keeps a small outbox
 * and writes one envelope at a time. When the connection fails, what it had not written (and the
 * envelope it was writing) goes back to the {@link SendDispatcher}, which offers it to another
 * link or to this one once it is back.
 *
 * <p>All callbacks (socket events, write completions, timers) run on the given executor and
 * scheduler. Each connection has a generation number; events of an earlier connection are
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
    private final Consumer<byte[]> inbound;
    private final Backoff.Series backoff;
    private volatile SendDispatcher dispatcher;

    // guarded by "this"
    private Phase phase = Phase.NEW;
    private long generation;
    private WebSocket socket;
    private KeepAlive keepAlive;
    private final Deque<PendingSend> outbox = new ArrayDeque<>();
    private PendingSend writing;
    private boolean writeScheduled;
    private boolean pingFramePending;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> retry;
    private Instant since;
    private Instant connectedAt;
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
            Consumer<byte[]> inbound,
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
                outbox.size() + (writing == null ? 0 : 1));
    }

    @Override
    public boolean offer(PendingSend send) {
        synchronized (this) {
            if (phase != Phase.CONNECTED || outbox.size() + (writing == null ? 0 : 1) >= settings.outboxCapacity()) {
                return false;
            }
            outbox.addLast(send);
        }
        scheduleWrite();
        return true;
    }

    /** Stops for good: closes the connection, cancels timers, hands back what was not written. */
    void close() {
        WebSocket open;
        List<PendingSend> unwritten;
        synchronized (this) {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            generation++;
            open = socket;
            socket = null;
            cancelTimers();
            unwritten = takeUnwritten();
        }
        if (open != null) {
            closeGently(open);
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
                    .buildAsync(address, new Listener(attempt))
                    .whenComplete((opened, error) -> {
                        if (error == null) {
                            opened(attempt, opened);
                        } else {
                            down(attempt, "cannot connect: " + describe(error, secret));
                        }
                    });
        } catch (RuntimeException e) {
            down(attempt, "cannot connect: " + describe(e, token));
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
            socket = opened;
            since = now;
            connectedAt = now;
            count = ++connects;
            failedAttempts = 0;
            keepAlive = new KeepAlive(settings.idlePing(), settings.liveness(), settings.envelopePing(), now);
            long period = settings.tick().toMillis();
            try {
                tick = scheduler.scheduleWithFixedDelay(() -> tick(attempt), period, period, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                tick = null;
            }
        }
        LOG.log(Level.INFO, "relay {0}: connected{1}", new Object[] {url, count > 1 ? " again" : ""});
        dispatcher.pump();
    }

    /**
     * The connection (or the attempt) {@code attempt} ended: hand back what it had not written and
     * try again after the backoff.
     */
    private void down(long attempt, String reason) {
        WebSocket open;
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
            if (wasConnected && Duration.between(connectedAt, now).compareTo(settings.liveness()) >= 0) {
                backoff.reset(); // it worked for a while: come back quickly
            }
            generation++;
            open = socket;
            socket = null;
            cancelTimers();
            unwritten = takeUnwritten();
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
        if (open != null) {
            open.abort();
        }
        if (wasConnected) {
            LOG.log(Level.WARNING, "relay {0}: disconnected ({1}); reconnecting in {2} ms", new Object[] {
                url, reason, Long.toString(delay.toMillis())
            });
        } else {
            // a relay that stays down: a warning for the first failure and every tenth, the rest at INFO
            LOG.log(
                    failures == 1 || failures % 10 == 0 ? Level.WARNING : Level.INFO,
                    "relay {0}: {1} (attempt {2}); retrying in {3} ms",
                    new Object[] {url, reason, Long.toString(failures), Long.toString(delay.toMillis())});
        }
        dispatcher.handBack(unwritten);
    }

    /** Caller holds the lock. Oldest first: the envelope being written, then the outbox. */
    private List<PendingSend> takeUnwritten() {
        List<PendingSend> unwritten = new ArrayList<>(outbox.size() + 1);
        if (writing != null) {
            unwritten.add(writing);
            writing = null;
        }
        unwritten.addAll(outbox);
        outbox.clear();
        if (keepAlive != null) {
            keepAlive.envelopePingDropped();
        }
        keepAlive = null;
        pingFramePending = false;
        return unwritten;
    }

    /** Caller holds the lock. */
    private void cancelTimers() {
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void closeGently(WebSocket open) {
        try {
            // the fallback abort is cancelled once the close frame is out: a timer left behind would
            // fire after an application's undeployment, which the container reports as an error
            ScheduledFuture<?> fallback = scheduler.schedule(open::abort, 2, TimeUnit.SECONDS);
            open.sendClose(WebSocket.NORMAL_CLOSURE, "closing").whenComplete((ignored, error) -> {
                fallback.cancel(false);
                open.abort();
            });
        } catch (RuntimeException e) {
            open.abort();
        }
    }

    // ---- writing

    private void scheduleWrite() {
        synchronized (this) {
            if (writeScheduled || writing != null || outbox.isEmpty() || phase != Phase.CONNECTED) {
                return;
            }
            writeScheduled = true;
        }
        try {
            executor.execute(this::writeNext);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                writeScheduled = false;
            }
        }
    }

    private void writeNext() {
        PendingSend next = null;
        WebSocket open;
        long current;
        List<PendingSend> expired = new ArrayList<>();
        synchronized (this) {
            writeScheduled = false;
            if (phase != Phase.CONNECTED || writing != null) {
                return;
            }
            Instant now = clock.instant();
            while (!outbox.isEmpty()) {
                PendingSend candidate = outbox.pollFirst();
                if (candidate.isSettled()) {
                    continue;
                }
                if (candidate.isExpired(now)) {
                    expired.add(candidate);
                    continue;
                }
                next = candidate;
                break;
            }
            if (next != null) {
                writing = next;
                if (next.isLinkPing()) {
                    keepAlive.envelopePingSent(next.pingUid, now);
                }
            }
            open = socket;
            current = generation;
        }
        expired.forEach(send -> send.fail("no relay wrote it before its deadline"));
        if (next == null) {
            return;
        }
        PendingSend sending = next;
        try {
            open.sendBinary(ByteBuffer.wrap(sending.envelope), true)
                    .whenComplete((ignored, error) -> written(current, sending, error));
        } catch (RuntimeException e) {
            written(current, sending, e);
        }
    }

    private void written(long attempt, PendingSend sent, Throwable error) {
        if (error != null) {
            down(attempt, "write failed: " + describe(error, null));
            return;
        }
        synchronized (this) {
            if (writing == sent) {
                writing = null;
            }
        }
        if (!sent.isLinkPing()) {
            dispatcher.written(this, sent);
        }
        scheduleWrite();
    }

    // ---- keep-alive

    private void tick(long attempt) {
        KeepAlive.Due due;
        WebSocket pingOn = null;
        List<PendingSend> expired = new ArrayList<>();
        synchronized (this) {
            if (attempt != generation || phase != Phase.CONNECTED) {
                return;
            }
            Instant now = clock.instant();
            due = keepAlive.check(now);
            if (due.abortReason() == null) {
                if (due.pingFrame() && !pingFramePending) {
                    pingFramePending = true;
                    keepAlive.pingFrameSent(now);
                    pingOn = socket;
                }
                if (due.envelopePing()) {
                    String uid = LinkPings.newUid();
                    outbox.addFirst(PendingSend.linkPing(LinkPings.ping(twin, uid, now, settings.liveness()), uid));
                    keepAlive.envelopePingQueued();
                }
                for (Iterator<PendingSend> it = outbox.iterator(); it.hasNext(); ) {
                    PendingSend send = it.next();
                    if (send.isSettled() || send.isExpired(now)) {
                        it.remove();
                        expired.add(send);
                    }
                }
            }
        }
        if (due.abortReason() != null) {
            down(attempt, due.abortReason());
            return;
        }
        expired.forEach(send -> send.fail("no relay wrote it before its deadline"));
        if (pingOn != null) {
            CompletableFuture<WebSocket> ping;
            try {
                ping = pingOn.sendPing(ByteBuffer.allocate(0));
            } catch (RuntimeException e) {
                ping = CompletableFuture.failedFuture(e);
            }
            ping.whenComplete((ignored, error) -> {
                synchronized (this) {
                    pingFramePending = false;
                }
                if (error != null) {
                    down(attempt, "ping failed: " + describe(error, null));
                }
            });
        }
        if (due.envelopePing()) {
            scheduleWrite();
        }
    }

    // ---- receiving

    private void received(long attempt, byte[] message) {
        String pong = LinkPings.ownPongUid(message);
        synchronized (this) {
            if (attempt == generation && keepAlive != null) {
                keepAlive.envelopeReceived(clock.instant());
                if (pong != null) {
                    keepAlive.pongReceived(pong);
                }
            }
        }
        if (pong != null) {
            return; // the link's own business
        }
        try {
            inbound.accept(message);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "relay " + url + ": the inbound consumer failed on an envelope", e);
        }
    }

    private void frameReceived(long attempt) {
        synchronized (this) {
            if (attempt == generation && keepAlive != null) {
                keepAlive.frameReceived(clock.instant());
            }
        }
    }

    /** A failure as a log line: never the token, which some errors might quote with the URL. */
    private static String describe(Throwable error, String token) {
        Throwable cause = AsyncResults.unwrap(error);
        String text;
        if (cause instanceof WebSocketHandshakeException refused) {
            // a refusal: the relay's reason (its body); a bad 101 answer: what was wrong with it
            int status = refused.getResponse().statusCode();
            Object body = refused.getResponse().body();
            String detail = status == 101
                    ? refused.getCause() == null ? null : refused.getCause().getMessage()
                    : body == null ? null : body.toString().strip();
            if (detail != null && detail.length() > 200) {
                detail = detail.substring(0, 200) + "…";
            }
            text = "the relay answered HTTP " + status
                    + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        } else {
            String message = cause.getMessage();
            text = message == null || message.isBlank()
                    ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + message;
        }
        return token == null || token.isEmpty() ? text : text.replace(token, "<token>");
    }

    /** Events of one connection; {@code attempt} is its generation. */
    private final class Listener implements WebSocket.Listener {
        private final long attempt;
        private final MessageAssembler assembler;

        Listener(long attempt) {
            this.attempt = attempt;
            this.assembler = new MessageAssembler(settings.maxMessageBytes(), new MessageAssembler.Sink() {
                @Override
                public void message(byte[] message) {
                    received(attempt, message);
                }

                @Override
                public void oversized(long bytes) {
                    frameReceived(attempt);
                    LOG.log(
                            Level.WARNING,
                            "relay {0}: dropped an inbound message of {1} bytes (the limit is {2})",
                            new Object[] {url, Long.toString(bytes), Integer.toString(settings.maxMessageBytes())});
                }
            });
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            frameReceived(attempt);
            assembler.append(data, last);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frameReceived(attempt); // a relay sends none; ignored
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            frameReceived(attempt); // the client answers with a Pong by itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            frameReceived(attempt);
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            down(attempt, "closed: " + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            down(attempt, describe(error, null));
        }
    }
}
