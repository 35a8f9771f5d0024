package dev.rmbee.peer.link;

import dev.rmbee.async.AsyncResults;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One open connection of a {@link RelayLink}: its outbox, written one envelope at a time (the JDK
 * WebSocket allows one outstanding data send), and its keep-alive ticks (Ping frames, envelope Pings,
 * expired outbox entries, ending a silent connection). Once retired by its link (the connection
 * ended) its events are ignored and what it had not written goes back to the link.
 *
 * <p>Lock order: the link's lock, then this one's; nothing calls the link or its dispatcher under it.
 */
final class LinkConnection {

    private static final String TOO_LATE = "no relay wrote it before its deadline";

    private final RelayLink link;
    private final WebSocket socket;
    private final long generation;
    private final int twin;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final RelayLinkSettings settings;
    private final Instant openedAt;

    // guarded by "this"
    private final KeepAlive keepAlive;
    private final Deque<PendingSend> outbox = new ArrayDeque<>();
    private PendingSend writing;
    private boolean writeScheduled;
    private boolean pingFramePending;
    private ScheduledFuture<?> tick;
    private boolean retired;

    /** @param generation the link's generation of this connection, reported with its failures */
    LinkConnection(
            RelayLink link,
            WebSocket socket,
            long generation,
            int twin,
            Executor executor,
            ScheduledExecutorService scheduler,
            Clock clock,
            RelayLinkSettings settings,
            Instant openedAt) {
        this.link = link;
        this.socket = socket;
        this.generation = generation;
        this.twin = twin;
        this.executor = executor;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.openedAt = openedAt;
        this.keepAlive = new KeepAlive(settings.idlePing(), settings.liveness(), settings.envelopePing(), openedAt);
    }

    Instant openedAt() {
        return openedAt;
    }

    /** Starts the keep-alive ticks (none while the scheduler shuts down). */
    synchronized void startTicking() {
        long period = settings.tick().toMillis();
        try {
            tick = scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            tick = null;
        }
    }

    /** Envelopes in the outbox or being written. */
    synchronized int queued() {
        return outbox.size() + (writing == null ? 0 : 1);
    }

    /** Takes {@code send} into the outbox unless retired or full; {@link #writeHere} then writes it. */
    synchronized boolean add(PendingSend send) {
        if (retired || queued() >= settings.outboxCapacity()) {
            return false;
        }
        outbox.addLast(send);
        return true;
    }

    /** Ends this connection's business: no more ticks or writes. Oldest first: the envelope being written, then the outbox. */
    synchronized List<PendingSend> retire() {
        retired = true;
        if (tick != null) {
            tick.cancel(false);
            tick = null;
        }
        List<PendingSend> unwritten = new ArrayList<>(outbox.size() + 1);
        if (writing != null) {
            unwritten.add(writing);
            writing = null;
        }
        unwritten.addAll(outbox);
        outbox.clear();
        keepAlive.envelopePingDropped();
        pingFramePending = false;
        return unwritten;
    }

    void abort() {
        socket.abort();
    }

    /** Sends a Close (1000) and aborts once it is out, or after 2 s. */
    void closeGently() {
        try {
            // the fallback abort is cancelled once the close frame is out: a timer left behind would
            // fire after an application's undeployment, which the container reports as an error
            ScheduledFuture<?> fallback = scheduler.schedule(socket::abort, 2, TimeUnit.SECONDS);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "closing").whenComplete((ignored, error) -> {
                fallback.cancel(false);
                socket.abort();
            });
        } catch (RuntimeException e) {
            socket.abort();
        }
    }

    synchronized void frameReceived() {
        if (!retired) {
            keepAlive.frameReceived(clock.instant());
        }
    }

    /** An envelope arrived; {@code pong} is the uid when it answers one of the link's Pings. */
    synchronized void envelopeReceived(String pong) {
        if (!retired) {
            keepAlive.envelopeReceived(clock.instant());
            if (pong != null) {
                keepAlive.pongReceived(pong);
            }
        }
    }

    // ---- writing

    void scheduleWrite() {
        if (!claimWrite()) {
            return;
        }
        try {
            executor.execute(this::writeNext);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                writeScheduled = false;
            }
        }
    }

    /** {@link #scheduleWrite}, but on the calling thread. */
    void writeHere() {
        if (claimWrite()) {
            writeNext();
        }
    }

    /** True when nothing writes or is about to and something waits: the caller writes next. */
    private synchronized boolean claimWrite() {
        if (writeScheduled || writing != null || outbox.isEmpty() || retired) {
            return false;
        }
        writeScheduled = true;
        return true;
    }

    private void writeNext() {
        PendingSend next = null;
        List<PendingSend> expired = new ArrayList<>();
        synchronized (this) {
            writeScheduled = false;
            if (retired || writing != null) {
                return;
            }
            Instant now = clock.instant();
            while (next == null && !outbox.isEmpty()) {
                PendingSend candidate = outbox.pollFirst();
                if (candidate.isSettled()) {
                    continue;
                }
                if (candidate.isExpired(now)) {
                    expired.add(candidate);
                } else {
                    next = candidate;
                }
            }
            if (next != null) {
                writing = next;
                if (next.isLinkPing()) {
                    keepAlive.envelopePingSent(next.pingUid, now);
                }
            }
        }
        expired.forEach(send -> send.fail(TOO_LATE));
        if (next != null) {
            write(next);
        }
    }

    private void write(PendingSend sending) {
        AsyncResults.call(() -> socket.sendBinary(ByteBuffer.wrap(sending.envelope), true))
                .whenComplete((ignored, error) -> written(sending, error));
    }

    private void written(PendingSend sent, Throwable error) {
        if (error != null) {
            link.down(generation, "write failed: " + LinkFailures.describe(error, null));
            return;
        }
        synchronized (this) {
            if (writing == sent) {
                writing = null;
            }
        }
        if (!sent.isLinkPing()) {
            link.written(sent);
        }
        scheduleWrite();
    }

    // ---- keep-alive

    private void tick() {
        KeepAlive.Due due;
        boolean pingFrame = false;
        List<PendingSend> expired = new ArrayList<>();
        synchronized (this) {
            if (retired) {
                return;
            }
            Instant now = clock.instant();
            due = keepAlive.check(now);
            if (due.abortReason() == null) {
                if (due.pingFrame() && !pingFramePending) {
                    pingFramePending = true;
                    keepAlive.pingFrameSent(now);
                    pingFrame = true;
                }
                if (due.envelopePing()) {
                    String uid = LinkPings.newUid();
                    outbox.addFirst(PendingSend.linkPing(LinkPings.ping(twin, uid, now, settings.liveness()), uid));
                    keepAlive.envelopePingQueued();
                }
                dropSettledAndExpired(now, expired);
            }
        }
        if (due.abortReason() != null) {
            link.down(generation, due.abortReason());
            return;
        }
        expired.forEach(send -> send.fail(TOO_LATE));
        if (pingFrame) {
            sendPingFrame();
        }
        if (due.envelopePing()) {
            scheduleWrite();
        }
    }

    /** Caller holds the lock. */
    private void dropSettledAndExpired(Instant now, List<PendingSend> expired) {
        for (Iterator<PendingSend> it = outbox.iterator(); it.hasNext(); ) {
            PendingSend send = it.next();
            if (send.isSettled() || send.isExpired(now)) {
                it.remove();
                expired.add(send);
            }
        }
    }

    private void sendPingFrame() {
        AsyncResults.call(() -> socket.sendPing(ByteBuffer.allocate(0))).whenComplete((ignored, error) -> {
            synchronized (this) {
                pingFramePending = false;
            }
            if (error != null) {
                link.down(generation, "ping failed: " + LinkFailures.describe(error, null));
            }
        });
    }
}
