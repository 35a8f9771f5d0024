package dev.rmbee.wire;

/**
 * Envelope time rules (wire.md §6). All values are unsigned 64-bit Unix seconds held in Java longs;
 * the deadline {@code timestamp + expiration} saturates at 2^64-1 instead of wrapping (the
 * reference wraps, which turns absurd expirations into past deadlines).
 */
public final class EnvelopeTime {

    /** The re-based timestamp and expiration that {@link #stamp} computes. */
    public record Stamp(long timestamp, long expiration) {}

    private EnvelopeTime() {}

    /** {@code timestamp + expiration}, saturated at the largest unsigned 64-bit value. */
    public static long deadline(long timestamp, long expiration) {
        long sum = timestamp + expiration;
        return Long.compareUnsigned(sum, timestamp) < 0 ? -1L : sum;
    }

    /**
     * Seconds left before the deadline (unsigned), or 0 when the envelope has expired; a TTL of
     * exactly 0 counts as expired.
     */
    public static long ttl(long now, long timestamp, long expiration) {
        long deadline = deadline(timestamp, expiration);
        return Long.compareUnsigned(deadline, now) <= 0 ? 0 : deadline - now;
    }

    public static boolean isExpired(long now, long timestamp, long expiration) {
        return ttl(now, timestamp, expiration) == 0;
    }

    /**
     * Re-bases an envelope on {@code now} without moving its deadline: an unset or future timestamp
     * keeps its expiration; otherwise the elapsed time is taken off the expiration (not below 0).
     */
    public static Stamp stamp(long now, long timestamp, long expiration) {
        if (timestamp == 0 || Long.compareUnsigned(timestamp, now) > 0) {
            return new Stamp(now, expiration);
        }
        long elapsed = now - timestamp;
        long left = Long.compareUnsigned(expiration, elapsed) <= 0 ? 0 : expiration - elapsed;
        return new Stamp(now, left);
    }
}
