package dev.rmbee.relay;

import dev.rmbee.logging.LogFields;
import dev.rmbee.logging.LogThrottle;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pass over every connection, every {@link #INTERVAL}, for the two ways a twin can be gone
 * without the socket saying so: a confirmation ping whose pong is overdue ({@code
 * rmb.relay.pong-timeout}), and silence ({@code rmb.relay.idle-timeout}: a twin not heard from for
 * half of it is pinged, one not heard from for all of it is closed; an unfinished frame holds back
 * the pong, so it counts as silence). One timer for all sessions instead of one per socket; the pass
 * reads a few fields per connection and allocates nothing for a quiet one. Pings and closes can
 * block on a slow socket, so they run on the executor, never on the sweep.
 */
final class LivenessSweep implements Runnable {

    private static final Logger LOG = Logger.getLogger(LivenessSweep.class.getName());
    /** How often connections are checked. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final SessionRegistry sessions;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final long pongTimeoutNanos;
    private final long idleTimeoutNanos;
    private final String pongTimeoutText;
    private final String idleTimeoutText;
    private final LogThrottle closes;
    private final Consumer<Connection> check = this::check;
    // the time of the pass under way (passes never overlap)
    private long now;

    /**
     * @param pongTimeout how long a confirmation ping may wait for its pong; zero: not checked
     * @param idleTimeout how long a twin may stay silent; zero: not checked
     * @param closes throttles the lines about connections closed for silence (a network failure can
     *     leave thousands half-open at once)
     */
    LivenessSweep(
            SessionRegistry sessions,
            Executor executor,
            LongSupplier nanoTime,
            Duration pongTimeout,
            Duration idleTimeout,
            LogThrottle closes) {
        this.sessions = sessions;
        this.executor = executor;
        this.nanoTime = nanoTime;
        this.pongTimeoutNanos = pongTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.pongTimeoutText = "closing a session: no pong for " + pongTimeout.toSeconds() + " s";
        this.idleTimeoutText = "closing a session: nothing heard from its twin for " + idleTimeout.toSeconds() + " s";
        this.closes = closes;
    }

    /** True when there is anything to check. */
    boolean isNeeded() {
        return pongTimeoutNanos > 0 || idleTimeoutNanos > 0;
    }

    @Override
    public void run() {
        now = nanoTime.getAsLong();
        sessions.forEach(check);
    }

    private void check(Connection connection) {
        if (pongTimeoutNanos > 0 && connection.isPongOverdue(now, pongTimeoutNanos)) {
            fields(connection).log(LOG, Level.INFO, () -> pongTimeoutText);
            close(connection, "no pong");
            return;
        }
        if (idleTimeoutNanos > 0) {
            switch (connection.silence(now, idleTimeoutNanos / 2, idleTimeoutNanos)) {
                case PROBE -> executor.execute(connection::probe);
                case CLOSE -> {
                    closes.log("idle", LOG, Level.INFO, fields(connection), () -> idleTimeoutText);
                    close(connection, "idle timeout");
                }
                case NONE -> {
                    // heard from recently, or pinged and still within the timeout
                }
            }
        }
    }

    private void close(Connection connection, String reason) {
        executor.execute(() -> connection.close(CloseCodes.GOING_AWAY, reason));
    }

    private static LogFields fields(Connection connection) {
        return LogFields.twin(connection.session().twin()).andSession(connection.session());
    }
}
