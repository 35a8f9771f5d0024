package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.logging.LogThrottle;
import dev.rmbee.testing.MutableClock;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The sweep over all connections: it decides, the executor pings and closes. */
class LivenessSweepTest {

    private static final Duration IDLE = Duration.ofSeconds(300);

    private final SessionRegistry sessions = new SessionRegistry();
    private final List<Runnable> tasks = new ArrayList<>();
    private long now;

    private LivenessSweep sweep(Duration pongTimeout, Duration idleTimeout) {
        return new LivenessSweep(
                sessions,
                tasks::add,
                () -> now,
                pongTimeout,
                idleTimeout,
                new LogThrottle(new MutableClock(Instant.EPOCH), LogThrottle.INTERVAL));
    }

    @Test
    void pingsAndClosesAreLeftToTheExecutorNeverRunOnTheSweep() {
        LivenessSweep sweep = sweep(Duration.ZERO, IDLE);
        SilentConnection silent = new SilentConnection(SessionKey.of(1), 0);
        sessions.register(silent);

        now = IDLE.toNanos() / 2;
        sweep.run();
        assertEquals(0, silent.probes, "the sweep only queued the ping");
        assertEquals(1, tasks.size());
        tasks.remove(0).run();
        assertEquals(1, silent.probes);

        now = IDLE.toNanos();
        sweep.run();
        assertEquals(0, silent.closes, "the sweep only queued the close");
        tasks.remove(0).run();
        assertEquals(CloseCodes.GOING_AWAY, silent.closeCode);

        sweep.run();
        assertTrue(tasks.isEmpty(), "closed once");
    }

    @Test
    void nothingToCheckWithoutTimeouts() {
        assertFalse(sweep(Duration.ZERO, Duration.ZERO).isNeeded());
        assertTrue(sweep(Duration.ofSeconds(30), Duration.ZERO).isNeeded());
        assertTrue(sweep(Duration.ZERO, IDLE).isNeeded());
    }

    /** A connection that tracks its silence like a socket's, and records pings and closes. */
    private static final class SilentConnection implements Connection {
        private final SessionKey session;
        private final Silence silence;
        int probes;
        int closes;
        int closeCode;

        SilentConnection(SessionKey session, long openedNanos) {
            this.session = session;
            this.silence = new Silence(openedNanos);
        }

        @Override
        public SessionKey session() {
            return session;
        }

        @Override
        public void send(byte[] envelope, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public Silence.Verdict silence(long nowNanos, long probeAfterNanos, long closeAfterNanos) {
            return silence.check(nowNanos, probeAfterNanos, closeAfterNanos);
        }

        @Override
        public void probe() {
            probes++;
        }

        @Override
        public void close(int code, String reason) {
            closes++;
            closeCode = code;
        }
    }
}
