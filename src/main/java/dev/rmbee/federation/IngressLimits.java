package dev.rmbee.federation;

import java.time.Duration;

/**
 * The bounds of the federation ingress ({@code POST /}).
 *
 * @param ratePerSecond POSTs one remote address may make per second in the long run (0: no bound)
 * @param burst POSTs one remote address may make at once
 * @param replayMaxTtl the longest an accepted envelope is remembered against replays, whatever its TTL
 */
public record IngressLimits(double ratePerSecond, int burst, Duration replayMaxTtl) {

    /** Far above what one busy relay sends, far below what one address could make the relay verify. */
    public static final IngressLimits DEFAULTS = new IngressLimits(1000, 2000, Duration.ofHours(1));

    /** Envelopes the in-memory replay memory holds by default. */
    public static final int DEFAULT_REPLAY_CAPACITY = 100_000;

    public IngressLimits {
        if (replayMaxTtl.isNegative() || replayMaxTtl.isZero()) {
            throw new IllegalArgumentException("replays must be remembered for some time, not " + replayMaxTtl);
        }
    }
}
