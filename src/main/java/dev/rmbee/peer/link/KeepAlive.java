package dev.rmbee.peer.link;

import java.time.Duration;
import java.time.Instant;

/**
 * When one connection needs a ping and when it counts as dead. Two probes: a WebSocket Ping frame
 * after {@code idlePing} without any received frame (the relay's Pong frame proves the socket, and
 * catches a half-open TCP connection), and an envelope Ping after {@code envelopePing} without any
 * received envelope (its Pong proves that the relay still routes envelopes to this session). The
 * connection is dead when nothing at all arrived for {@code liveness}, or when the envelope Ping
 * was not answered within {@code liveness}. Not thread-safe: its link guards it.
 */
final class KeepAlive {

    /** What a check found: at most one reason to abort, otherwise the pings now due. */
    record Due(String abortReason, boolean pingFrame, boolean envelopePing) {
        static final Due NOTHING = new Due(null, false, false);
    }

    private final Duration idlePing;
    private final Duration liveness;
    private final Duration envelopePing;
    private Instant lastFrame;
    private Instant lastEnvelope;
    private Instant lastPingFrame;
    private boolean envelopePingQueued;
    private String outstandingPing;
    private Instant outstandingSince;

    KeepAlive(Duration idlePing, Duration liveness, Duration envelopePing, Instant connectedAt) {
        this.idlePing = idlePing;
        this.liveness = liveness;
        this.envelopePing = envelopePing;
        this.lastFrame = connectedAt;
        this.lastEnvelope = connectedAt;
    }

    /** Any frame arrived: data, Ping, Pong or text. */
    void frameReceived(Instant at) {
        lastFrame = later(lastFrame, at);
    }

    /** A binary message (an envelope) arrived. */
    void envelopeReceived(Instant at) {
        frameReceived(at);
        lastEnvelope = later(lastEnvelope, at);
    }

    void pingFrameSent(Instant at) {
        lastPingFrame = at;
    }

    /** The envelope Ping is in the outbox; no other is due until it was sent and answered. */
    void envelopePingQueued() {
        envelopePingQueued = true;
    }

    /** The envelope Ping {@code uid} was written: its Pong is due within {@code liveness}. */
    void envelopePingSent(String uid, Instant at) {
        envelopePingQueued = false;
        outstandingPing = uid;
        outstandingSince = at;
    }

    /** The queued envelope Ping could not be written (the link went down). */
    void envelopePingDropped() {
        envelopePingQueued = false;
    }

    /** A Pong to one of this link's Pings arrived; true when it answers the one outstanding. */
    boolean pongReceived(String uid) {
        if (uid.equals(outstandingPing)) {
            outstandingPing = null;
            outstandingSince = null;
            return true;
        }
        return false;
    }

    Due check(Instant now) {
        if (Duration.between(lastFrame, now).compareTo(liveness) > 0) {
            return new Due("nothing received for " + liveness.toMillis() + " ms", false, false);
        }
        if (outstandingPing != null && Duration.between(outstandingSince, now).compareTo(liveness) > 0) {
            return new Due("no Pong to the envelope Ping within " + liveness.toMillis() + " ms", false, false);
        }
        boolean pingFrame = !Duration.between(lastFrame, now).minus(idlePing).isNegative()
                && (lastPingFrame == null
                        || !Duration.between(lastPingFrame, now).minus(idlePing).isNegative());
        boolean ping = !envelopePingQueued
                && outstandingPing == null
                && !Duration.between(lastEnvelope, now).minus(envelopePing).isNegative();
        return pingFrame || ping ? new Due(null, pingFrame, ping) : Due.NOTHING;
    }

    private static Instant later(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }
}
