package dev.rmbee.relay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void countLimitResetsWithTheNextWindow() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(10, 100, Duration.ofSeconds(5), clock, 100);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.admit(1, 1));
        }
        assertFalse(limiter.admit(1, 1));
        assertTrue(limiter.admit(2, 1), "other twins have their own counters");
        clock.millis.addAndGet(5000);
        assertTrue(limiter.admit(1, 1));
    }

    @Test
    void byteLimitAndOversizedMessages() {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(100, 10, Duration.ofSeconds(5), clock, 100);
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.admit(1, 1));
        }
        assertFalse(limiter.admit(1, 1), "11 bytes > 10");
        clock.millis.addAndGet(5000);
        assertFalse(limiter.admit(1, 11), "larger than the limit on its own");
        assertTrue(limiter.admit(1, 10), "the oversized message was not counted");
    }

    @Test
    void unlimitedAdmitsEverything() {
        assertTrue(RateLimiter.unlimited().admit(1, Long.MAX_VALUE));
        assertFalse(RateLimiter.unlimited().isEnabled());
    }
}
