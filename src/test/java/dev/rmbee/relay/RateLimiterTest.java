package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void countLimitResetsWithTheNextWindow() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_700_000_000_000L));
        RateLimiter limiter = new RateLimiter(10, 100, Duration.ofSeconds(5), clock, 100);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.admit(1, 1));
        }
        assertFalse(limiter.admit(1, 1));
        assertTrue(limiter.admit(2, 1), "other twins have their own counters");
        clock.advance(Duration.ofSeconds(5));
        assertTrue(limiter.admit(1, 1));
    }

    @Test
    void byteLimitAndOversizedMessages() {
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_700_000_000_000L));
        RateLimiter limiter = new RateLimiter(100, 10, Duration.ofSeconds(5), clock, 100);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.admit(1, 1));
        }
        assertFalse(limiter.admit(1, 1), "11 bytes > 10");
        clock.advance(Duration.ofSeconds(5));
        assertFalse(limiter.admit(1, 11), "larger than the limit on its own");
        assertTrue(limiter.admit(1, 10), "the oversized message was not counted");
    }

    @Test
    void unlimitedAdmitsEverything() {
        assertTrue(RateLimiter.unlimited().admit(1, Long.MAX_VALUE));
        assertFalse(RateLimiter.unlimited().isEnabled());
    }
}
