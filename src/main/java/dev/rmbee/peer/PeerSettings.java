package dev.rmbee.peer;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway runs.
 *
 * @param version what {@code rmb.version} answers (the reference answers its build's
 *     {@code git describe}, e.g. {@code v1.5.1-12-g15f2092})
 * @param maxInFlight messages processed at once in each direction (local lists → relays, relays →
 *     local lists); beyond it the gateway stops popping and {@link PeerGateway#onEnvelope} waits
 * @param popTimeout how long one pop of the system lists blocks in Redis (whole seconds, at least
 *     one): bounds how long stopping waits for the pending pop
 * @param retryDelay pause after a failed pop (Redis unreachable, wrong key type) before the next one
 * @param rememberedMessages how many received messages (kind, sender, uid) are remembered in memory
 *     to drop a relay's repeated delivery without asking Redis ({@link RecentMessages}); also how
 *     many backlogs of sent requests are kept in memory for their responses ({@link Backlogs})
 */
public record PeerSettings(
        String version, int maxInFlight, Duration popTimeout, Duration retryDelay, int rememberedMessages) {

    public static final int DEFAULT_MAX_IN_FLIGHT = 256;
    public static final Duration DEFAULT_POP_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_REMEMBERED_MESSAGES = 100_000;

    public PeerSettings {
        Objects.requireNonNull(version, "version");
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
        if (popTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("popTimeout must be at least one second");
        }
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retryDelay must not be negative");
        }
        if (rememberedMessages < 1) {
            throw new IllegalArgumentException("rememberedMessages must be at least 1");
        }
    }

    /** With the default {@link #DEFAULT_REMEMBERED_MESSAGES}. */
    public PeerSettings(String version, int maxInFlight, Duration popTimeout, Duration retryDelay) {
        this(version, maxInFlight, popTimeout, retryDelay, DEFAULT_REMEMBERED_MESSAGES);
    }

    /** The defaults, answering {@code rmb.version} with {@code version}. */
    public static PeerSettings defaults(String version) {
        return new PeerSettings(version, DEFAULT_MAX_IN_FLIGHT, DEFAULT_POP_TIMEOUT, DEFAULT_RETRY_DELAY);
    }
}
