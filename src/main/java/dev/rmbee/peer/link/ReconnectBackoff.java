package dev.rmbee.peer.link;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnect attempts: the ceiling starts at {@code initial} and doubles per attempt
 * up to {@code max}; each delay is drawn from the upper half of its ceiling, so peers that lost
 * the same relay at the same moment do not all come back in the same instant. Not thread-safe:
 * its link guards it.
 */
final class ReconnectBackoff {

    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int attempts;

    /** @param random values in [0, 1) */
    ReconnectBackoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt; counts the attempt. */
    Duration next() {
        long ceiling = ceiling(attempts);
        if (attempts < Integer.MAX_VALUE) {
            attempts++;
        }
        long half = ceiling / 2;
        double draw = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis(half + Math.round(draw * (ceiling - half)));
    }

    /** After a connection that lasted: the next delay starts from {@code initial} again. */
    void reset() {
        attempts = 0;
    }

    int attempts() {
        return attempts;
    }

    private long ceiling(int attempt) {
        long ceiling = initialMillis;
        for (int i = 0; i < attempt && ceiling < maxMillis; i++) {
            ceiling = ceiling > maxMillis / 2 ? maxMillis : ceiling * 2;
        }
        return Math.min(ceiling, maxMillis);
    }
}
