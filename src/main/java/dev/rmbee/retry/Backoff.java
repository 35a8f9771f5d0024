package dev.rmbee.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * A jittered exponential backoff. The ceiling of attempt {@code n} (from 1) is {@code min(max,
 * initial·2^(n−1))}; its delay is drawn from the upper half of the ceiling, whole milliseconds
 * from {@code ceiling − ⌊ceiling/2⌋} to {@code ceiling}, so that clients that failed at the same
 * moment do not all come back in the same instant. Immutable; a {@link Series} counts the
 * attempts for a caller that does not count them itself.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;

    /**
     * @param what names the backoff in the error message (e.g. {@code federation backoff})
     * @param initial the first ceiling, at least 1 ms
     * @param max the largest ceiling, not below {@code initial}
     */
    public Backoff(String what, Duration initial, Duration max) {
        check(what, initial, max);
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** Refuses, naming {@code what}, an initial delay under 1 ms or a maximum below it. */
    public static void check(String what, Duration initial, Duration max) {
        if (initial == null || initial.toMillis() < 1 || max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(what + ": initial at least 1 ms and not above the maximum");
        }
    }

    /** The largest delay of attempt {@code attempt} (an attempt below 1 counts as the first). */
    public Duration ceiling(long attempt) {
        return Duration.ofMillis(ceilingMillis(attempt));
    }

    /**
     * The delay before attempt {@code attempt}: {@code random} (values in [0, 1); 1 is taken as the
     * top) picks it from the upper half of the ceiling.
     */
    public Duration delay(long attempt, DoubleSupplier random) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        double draw = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis(ceiling - half + Math.min(half, (long) (draw * (half + 1))));
    }

    /** A count of attempts starting at none, drawing with {@code random}. */
    public Series series(DoubleSupplier random) {
        return new Series(random);
    }

    private long ceilingMillis(long attempt) {
        long doublings = Math.max(0, attempt - 1);
        if (doublings >= Long.SIZE - 1 || initialMillis > (maxMillis >> doublings)) {
            return maxMillis;
        }
        return initialMillis << doublings;
    }

    /** The delays of one series of attempts. Not thread-safe: its owner guards it. */
    public final class Series {

        private final DoubleSupplier random;
        private long attempts;

        private Series(DoubleSupplier random) {
            this.random = random;
        }

        /** The delay before the next attempt; counts the attempt. */
        public Duration next() {
            if (attempts < Long.MAX_VALUE) {
                attempts++;
            }
            return delay(attempts, random);
        }

        /** After a success that lasted: the next delay starts from the initial ceiling again. */
        public void reset() {
            attempts = 0;
        }

        /** Attempts counted since the start or the last {@link #reset()}. */
        public long attempts() {
            return attempts;
        }
    }
}
