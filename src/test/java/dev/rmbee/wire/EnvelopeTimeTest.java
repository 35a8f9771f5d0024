package dev.rmbee.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EnvelopeTimeTest {

    @Test
    void stampMatchesTheReferenceCases() {
        assertEquals(new EnvelopeTime.Stamp(1, 20), EnvelopeTime.stamp(1, 0, 20));
        assertEquals(new EnvelopeTime.Stamp(1, 20), EnvelopeTime.stamp(1, 10, 20), "future timestamp reset");
        assertEquals(new EnvelopeTime.Stamp(10, 11), EnvelopeTime.stamp(10, 1, 20));
        assertEquals(new EnvelopeTime.Stamp(21, 0), EnvelopeTime.stamp(21, 1, 20));
        assertEquals(new EnvelopeTime.Stamp(30, 0), EnvelopeTime.stamp(30, 1, 20));
    }

    @Test
    void ttlMatchesTheReferenceCases() {
        assertEquals(30, EnvelopeTime.ttl(0, 10, 20));
        assertEquals(10, EnvelopeTime.ttl(10, 0, 20));
        assertEquals(0, EnvelopeTime.ttl(20, 0, 20), "a TTL of exactly 0 is expired");
        assertTrue(EnvelopeTime.isExpired(30, 0, 20));
    }

    @Test
    void peerExampleKeepsTheDeadline() {
        EnvelopeTime.Stamp stamped = EnvelopeTime.stamp(1010, 1000, 60);
        assertEquals(new EnvelopeTime.Stamp(1010, 50), stamped);
        assertEquals(30, EnvelopeTime.ttl(1030, stamped.timestamp(), stamped.expiration()));
        assertTrue(EnvelopeTime.isExpired(1060, stamped.timestamp(), stamped.expiration()));
    }

    @Test
    void deadlineSaturatesInsteadOfWrapping() {
        long huge = -1L; // 2^64-1 as unsigned
        assertEquals(-1L, EnvelopeTime.deadline(1_700_000_000L, huge));
        assertEquals(-1L - 1_700_000_000L, EnvelopeTime.ttl(1_700_000_000L, 1_700_000_000L, huge));
        // a wrapping implementation would call this expired
        assertTrue(!EnvelopeTime.isExpired(1_700_000_000L, 1_700_000_000L, huge));
    }

    @Test
    void unsignedTimestampsBeyondLongMaxAreFuture() {
        long farFuture = Long.MIN_VALUE; // 2^63 unsigned
        assertEquals(new EnvelopeTime.Stamp(100, 5), EnvelopeTime.stamp(100, farFuture, 5));
    }
}
