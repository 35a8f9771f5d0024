package dev.rmbee.peer.link;

import dev.rmbee.retry.Backoff;
import java.time.Duration;

/**
 * Timings and bounds of a peer's relay links. {@link #DEFAULTS} follows peer.md §3 where the
 * reference has a value (token TTL 300 s, idle ping after 20 s, reconnect after 40 s of silence);
 * the reconnect delay is a capped, jittered exponential backoff instead of the reference's fixed
 * 2 s (see docs/architecture.md). Tests shrink the timings.
 *
 * @param tokenTtl lifetime of the token made for each connect (the relay checks it only then)
 * @param idlePing a WebSocket Ping frame is sent when nothing was received for this long
 * @param liveness a connection on which nothing arrived for this long is aborted and reconnected;
 *     also the time an envelope Ping may wait for its Pong
 * @param envelopePing an envelope Ping goes through the relay when no envelope arrived for this
 *     long: it proves the relay still routes to this session, not just that the socket answers
 * @param backoffInitial the first reconnect delay is drawn from [initial/2, initial]; it doubles per
 *     failed attempt
 * @param backoffMax the largest reconnect delay (drawn from [max/2, max] once reached)
 * @param connectTimeout how long one opening handshake may take
 * @param maxMessageBytes the largest inbound message (over all its fragments); a larger one is
 *     dropped and the connection kept
 * @param outboxCapacity envelopes one connection takes before others (or the waiting line) get
 *     the next ones
 * @param maxPending envelopes accepted and not yet written, all links together
 * @param maxPendingBytes their bytes; beyond either bound a send fails at once
 */
public record RelayLinkSettings(
        Duration tokenTtl,
        Duration idlePing,
        Duration liveness,
        Duration envelopePing,
        Duration backoffInitial,
        Duration backoffMax,
        Duration connectTimeout,
        int maxMessageBytes,
        int outboxCapacity,
        int maxPending,
        long maxPendingBytes) {

    public static final RelayLinkSettings DEFAULTS = new RelayLinkSettings(
            Duration.ofSeconds(300),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(60),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10),
            4 * 1024 * 1024,
            64,
            10_000,
            64L * 1024 * 1024);

    public RelayLinkSettings {
        if (tokenTtl == null || tokenTtl.toSeconds() < 1) {
            throw new IllegalArgumentException("relay token TTL must be at least 1 s");
        }
        positive(idlePing, "idle ping");
        positive(liveness, "liveness");
        positive(envelopePing, "envelope ping interval");
        positive(connectTimeout, "connect timeout");
        if (liveness.compareTo(idlePing) <= 0) {
            throw new IllegalArgumentException("liveness (" + liveness + ") must be longer than the idle ping ("
                    + idlePing + "), or an idle connection is dropped before it is pinged");
        }
        Backoff.check("reconnect backoff", backoffInitial, backoffMax);
        if (maxMessageBytes < 1 || outboxCapacity < 1 || maxPending < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("message size, outbox capacity and pending bounds must be positive");
        }
    }

    /** These settings with other keep-alive timings. */
    public RelayLinkSettings withKeepAlive(Duration idlePing, Duration liveness, Duration envelopePing) {
        return new RelayLinkSettings(
                tokenTtl,
                idlePing,
                liveness,
                envelopePing,
                backoffInitial,
                backoffMax,
                connectTimeout,
                maxMessageBytes,
                outboxCapacity,
                maxPending,
                maxPendingBytes);
    }

    /** These settings with another reconnect backoff. */
    public RelayLinkSettings withBackoff(Duration initial, Duration max) {
        return new RelayLinkSettings(
                tokenTtl,
                idlePing,
                liveness,
                envelopePing,
                initial,
                max,
                connectTimeout,
                maxMessageBytes,
                outboxCapacity,
                maxPending,
                maxPendingBytes);
    }

    /** These settings with other size bounds. */
    public RelayLinkSettings withBounds(int maxMessageBytes, int outboxCapacity, int maxPending, long maxPendingBytes) {
        return new RelayLinkSettings(
                tokenTtl,
                idlePing,
                liveness,
                envelopePing,
                backoffInitial,
                backoffMax,
                connectTimeout,
                maxMessageBytes,
                outboxCapacity,
                maxPending,
                maxPendingBytes);
    }

    /** How often a live link checks its keep-alive and the deadlines of its outbox. */
    Duration tick() {
        Duration shortest = idlePing;
        if (liveness.compareTo(shortest) < 0) {
            shortest = liveness;
        }
        if (envelopePing.compareTo(shortest) < 0) {
            shortest = envelopePing;
        }
        long millis = Math.max(10, Math.min(1000, shortest.toMillis() / 4));
        return Duration.ofMillis(millis);
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
