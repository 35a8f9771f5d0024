package dev.rmbee.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import dev.rmbee.metrics.RelayCounters;
import dev.rmbee.wire.SessionKey;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The life of the twins' sockets in the relay: a socket opens as a session (registered, replacing
 * the session's older connection, which is closed; delivery of its queue starts), its messages go
 * to the {@link EnvelopeRouter}, its pongs confirm deliveries, and when it closes it leaves (only
 * itself: a newer connection of the session stays). With pong confirmation, a connection whose
 * twin stopped answering pings is closed; its unconfirmed envelopes stay queued. With an idle
 * timeout, so is one whose twin went silent ({@link LivenessSweep}).
 */
public final class SocketSessions {

    private static final Logger LOG = Logger.getLogger(SocketSessions.class.getName());
    /** Sessions refused for want of room. */
    private static final LogThrottle REFUSALS = LogThrottle.perInterval();

    /**
     * How the relay treats its sockets.
     *
     * @param maxMessageBytes the whole-message cap of incoming messages ({@code rmb.relay.max-message-bytes})
     * @param confirmByPong a delivery is confirmed by a pong (true) or by the write ({@code rmb.relay.delivery.confirm})
     * @param pongTimeout how long a ping may wait for its pong ({@code rmb.relay.pong-timeout})
     * @param maxUnwrittenBytes the bytes waiting to be written to a connection above which an envelope
     *     Pong is dropped ({@code rmb.relay.send-queue.max-bytes})
     * @param idleTimeout how long a twin may stay silent before its connection is closed, zero for
     *     ever ({@code rmb.relay.idle-timeout}; see {@link LivenessSweep})
     */
    public record Rules(
            int maxMessageBytes,
            boolean confirmByPong,
            Duration pongTimeout,
            long maxUnwrittenBytes,
            Duration idleTimeout) {

        /** The default of {@code rmb.relay.send-queue.max-bytes}: 1 MiB. */
        public static final long DEFAULT_MAX_UNWRITTEN_BYTES = 1L << 20;

        /** Rules without an idle timeout. */
        public Rules(int maxMessageBytes, boolean confirmByPong, Duration pongTimeout, long maxUnwrittenBytes) {
            this(maxMessageBytes, confirmByPong, pongTimeout, maxUnwrittenBytes, Duration.ZERO);
        }

        /** Rules without an idle timeout, with the default send-queue bound. */
        public Rules(int maxMessageBytes, boolean confirmByPong, Duration pongTimeout) {
            this(maxMessageBytes, confirmByPong, pongTimeout, DEFAULT_MAX_UNWRITTEN_BYTES);
        }

        /** These rules with {@code timeout} as the idle timeout. */
        public Rules withIdleTimeout(Duration timeout) {
            return new Rules(maxMessageBytes, confirmByPong, pongTimeout, maxUnwrittenBytes, timeout);
        }
    }

    private final SessionRegistry sessions;
    private final SessionDelivery delivery;
    private final EnvelopeRouter router;
    private final Rules rules;
    private final LongSupplier nanoTime;
    private final Clock clock;
    /** Sessions closed for what their twin sent: at its rate, so a line a minute per kind, with a count. */
    private final LogThrottle refusals;

    private final RelayCounters counters;
    private ScheduledFuture<?> livenessWatch;

    /**
     * @param nanoTime the monotonic time pings are stamped and checked with ({@code System::nanoTime})
     * @param clock dates each connection's opening (shown to operators)
     * @param counters counts the connections leaving, by reason ({@link RelayCounters#evicted})
     */
    public SocketSessions(
            SessionRegistry sessions,
            SessionDelivery delivery,
            EnvelopeRouter router,
            Rules rules,
            LongSupplier nanoTime,
            Clock clock,
            RelayCounters counters) {
        this.sessions = sessions;
        this.delivery = delivery;
        this.router = router;
        this.rules = rules;
        this.nanoTime = nanoTime;
        this.clock = clock;
        this.refusals = new LogThrottle(clock, LogThrottle.INTERVAL);
        this.counters = counters;
    }

    /**
     * A socket whose token named {@code session} opened: registers it (closing the session's older
     * connection with 1000) and starts delivering the session's queue to it. When the relay, or
     * the session's twin, holds as many sessions as it may, the socket is closed with 1013 instead.
     *
     * @return the connection, or empty when it was refused
     */
    public Optional<SocketConnection> open(FrameSocket socket, SessionKey session) {
        SocketConnection connection = new SocketConnection(
                socket,
                session,
                rules.confirmByPong(),
                rules.maxMessageBytes(),
                rules.maxUnwrittenBytes(),
                nanoTime,
                clock.instant());
        try {
            sessions.register(connection).ifPresent(replaced -> {
                fine(session, () -> "session reconnected: closing the older connection");
                replaced.close(CloseCodes.NORMAL_CLOSURE, "replaced by a newer connection");
            });
        } catch (SessionRegistry.FullException e) {
            // as many as anyone opens: one line a minute per reason, with a count
            REFUSALS.log(
                    e.getMessage(), LOG, Level.WARNING, fields(session), () -> "refusing a session: " + e.getMessage());
            socket.close(CloseCodes.TRY_AGAIN_LATER, e.getMessage());
            return Optional.empty();
        }
        // only if no newer connection of the session registered meanwhile (that one gets the outbox)
        delivery.attachRegistered(connection, sessions);
        fine(session, () -> "session connected");
        return Optional.of(connection);
    }

    /**
     * One fragment of a binary message: once the message is whole it is routed. A message over the
     * cap closes the connection with 1009, one that is not an envelope with 1007, a failure to
     * process it with 1011.
     */
    public void received(SocketConnection connection, ByteBuffer fragment, boolean last) {
        byte[] frame;
        try {
            frame = connection.assemble(fragment, last);
        } catch (FragmentAssembler.MessageTooBigException e) {
            refused("too-big", fields(connection.session()), e.getMessage());
            connection.close(CloseCodes.TOO_BIG, "message too big");
            return;
        }
        if (frame == null) {
            return;
        }
        try {
            router.process(connection, frame);
        } catch (InvalidProtocolBufferException e) {
            refused(
                    "invalid-envelope",
                    fields(connection.session()),
                    "failed to load input message: " + e.getMessage());
            connection.close(CloseCodes.NOT_CONSISTENT, "invalid envelope");
        } catch (RuntimeException e) {
            fields(connection.session())
                    .log(LOG, Level.WARNING, () -> "closing a session: failed to process a message", e);
            connection.close(CloseCodes.UNEXPECTED_CONDITION, "internal error");
        }
    }

    /** A pong from the twin: confirms what was written before the ping it answers. */
    public void pong(SocketConnection connection, ByteBuffer payload) {
        connection.pong(payload);
    }

    /**
     * A text frame: the relay takes binary envelopes only, so the socket is closed with 1003.
     *
     * @param connection the socket's connection, or {@code null} when its opening was refused
     */
    public void refuseText(FrameSocket socket, SocketConnection connection) {
        LogFields fields =
                connection == null ? LogFields.none().and("socket", socket.id()) : fields(connection.session());
        refused("text-frame", fields, "text frames are not supported");
        if (connection == null) {
            socket.close(CloseCodes.CANNOT_ACCEPT, "binary envelopes only");
        } else {
            connection.close(CloseCodes.CANNOT_ACCEPT, "binary envelopes only");
        }
    }

    /** The socket closed: what waited on it fails (and stays queued), and it leaves the relay (counted, with why). */
    public void closed(SocketConnection connection, Object reason) {
        connection.closed();
        delivery.detach(connection);
        sessions.unregister(connection);
        counters.evicted(connection.eviction());
        fine(connection.session(), () -> "session disconnected: " + reason);
    }

    /**
     * Checks every connection every few seconds, until {@link #stop()}, for an overdue pong (with
     * pong confirmation) and for silence (with an idle timeout): one {@link LivenessSweep} on
     * {@code scheduler}, which also runs the pings and closes it decides.
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        LivenessSweep sweep = new LivenessSweep(
                sessions,
                scheduler,
                nanoTime,
                rules.confirmByPong() ? rules.pongTimeout() : Duration.ZERO,
                rules.idleTimeout(),
                refusals);
        if (sweep.isNeeded() && livenessWatch == null) {
            long interval = LivenessSweep.INTERVAL.toMillis();
            livenessWatch = scheduler.scheduleWithFixedDelay(sweep, interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops checking the connections. */
    public synchronized void stop() {
        if (livenessWatch != null) {
            livenessWatch.cancel(false);
        }
    }

    /** The fields of a line about one session: its twin and its session key. */
    private static LogFields fields(SessionKey session) {
        return LogFields.twin(session.twin()).andSession(session);
    }

    /**
     * A line at FINE about one session. Its fields are only made when the line is logged: every
     * connect and disconnect passes here, and FINE is off in production.
     */
    private static void fine(SessionKey session, Supplier<String> message) {
        if (LOG.isLoggable(Level.FINE)) {
            fields(session).log(LOG, Level.FINE, message);
        }
    }

    private void refused(String kind, LogFields fields, String why) {
        refusals.log(kind, LOG, Level.INFO, fields, () -> "closing a session: " + why);
    }
}
