package dev.rmbee.relay;

/**
 * How long a twin's connection has been silent, for the liveness sweep ({@link LivenessSweep}):
 * when the twin was last heard from (a fragment of a message, a pong), and whether the relay has
 * pinged it since. The receiving side only stores a time; the sweep decides. A twin's own WebSocket
 * Pings are not seen here (the container answers them), which is why the relay pings a silent twin
 * itself: its Pong is heard, a half-open connection's or an unfinished frame's is not.
 */
public final class Silence {

    /** What the sweep is to do about a connection. */
    public enum Verdict {
        /** Heard from recently enough, or already pinged and still within the timeout: nothing. */
        NONE,
        /** Silent for the probing time and not pinged since: ping it. */
        PROBE,
        /** Silent for the whole timeout: close it (said once). */
        CLOSE
    }

    private volatile long heardNanos;
    private volatile long probedNanos;
    private volatile boolean closing;

    /** A connection opened at {@code nowNanos}: its opening counts as heard from. */
    Silence(long nowNanos) {
        heardNanos = nowNanos;
        probedNanos = nowNanos - 1;
    }

    /** The twin was heard from at {@code nowNanos}. */
    void heard(long nowNanos) {
        heardNanos = nowNanos;
    }

    /**
     * What to do at {@code nowNanos} about a connection silent since it was last heard from: ping it
     * once silent for {@code probeAfterNanos} (once per silence), close it once silent for
     * {@code closeAfterNanos} (once).
     */
    Verdict check(long nowNanos, long probeAfterNanos, long closeAfterNanos) {
        long heard = heardNanos;
        long silent = nowNanos - heard;
        if (silent >= closeAfterNanos) {
            if (closing) {
                return Verdict.NONE;
            }
            closing = true;
            return Verdict.CLOSE;
        }
        if (silent >= probeAfterNanos && probedNanos - heard <= 0) {
            probedNanos = nowNanos;
            return Verdict.PROBE;
        }
        return Verdict.NONE;
    }
}
