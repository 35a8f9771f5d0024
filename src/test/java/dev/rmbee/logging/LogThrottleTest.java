package dev.rmbee.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.testing.LogCapture;
import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private static final Logger LOG = Logger.getLogger(LogThrottleTest.class.getName());
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final LogThrottle throttle = new LogThrottle(clock, Duration.ofSeconds(60));

    @Test
    void theFirstOccurrenceIsReportedAtOnce() {
        assertEquals(Optional.of(new LogThrottle.Repeats(1, START)), throttle.occurred("relay-a"));
    }

    @Test
    void repeatsWithinTheIntervalAreCountedAndReportedWithTheNextOccurrenceAfterIt() {
        throttle.occurred("relay-a");
        clock.advance(Duration.ofSeconds(1));
        Instant firstRepeat = clock.instant();
        for (int i = 0; i < 99; i++) {
            assertEquals(Optional.empty(), throttle.occurred("relay-a"));
            clock.advance(Duration.ofMillis(500));
        }
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.of(new LogThrottle.Repeats(100, firstRepeat)), throttle.occurred("relay-a"));
        // a new interval starts with that report
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Optional.empty(), throttle.occurred("relay-a"));
    }

    @Test
    void aLoneOccurrenceAfterTheIntervalIsReportedAlone() {
        throttle.occurred("relay-a");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Optional.of(new LogThrottle.Repeats(1, clock.instant())), throttle.occurred("relay-a"));
    }

    @Test
    void keysAreThrottledApart() {
        throttle.occurred("relay-a");
        assertEquals(Optional.of(new LogThrottle.Repeats(1, START)), throttle.occurred("relay-b"));
        assertEquals(Optional.empty(), throttle.occurred("relay-a"));
    }

    @Test
    void resolvingReportsWhatWasCountedAndForgetsTheKey() {
        throttle.occurred("link");
        clock.advance(Duration.ofSeconds(5));
        throttle.occurred("link");
        throttle.occurred("link");
        assertEquals(Optional.of(new LogThrottle.Repeats(2, START.plusSeconds(5))), throttle.resolved("link"));
        assertEquals(Optional.of(new LogThrottle.Repeats(1, clock.instant())), throttle.occurred("link"));
        assertEquals(Optional.empty(), throttle.resolved("link"), "nothing unreported");
        assertEquals(Optional.empty(), throttle.resolved("never seen"));
    }

    @Test
    void theLeastRecentlySeenKeysAreForgottenBeyondTheBound() {
        throttle.occurred("oldest");
        for (int i = 0; i < LogThrottle.MAX_KEYS; i++) {
            throttle.occurred("key-" + i);
        }
        assertEquals(Optional.of(new LogThrottle.Repeats(1, START)), throttle.occurred("oldest"), "forgotten");
        assertEquals(Optional.empty(), throttle.occurred("key-" + (LogThrottle.MAX_KEYS - 1)), "still known");
    }

    @Test
    void theSuffixTellsTheCount() {
        assertEquals("", new LogThrottle.Repeats(1, START).suffix());
        assertEquals(" (3 times since 2026-01-01T00:00:00Z)", new LogThrottle.Repeats(3, START).suffix());
    }

    @Test
    void logWritesOneLinePerIntervalWithTheCount() {
        try (LogCapture capture = LogCapture.of(LogThrottleTest.class, Level.INFO)) {
            for (int i = 0; i < 5; i++) {
                throttle.log("r", LOG, Level.WARNING, LogFields.relay("r"), () -> "POST failed");
                clock.advance(Duration.ofSeconds(20));
            }
            assertEquals(
                    List.of("POST failed [relay=r]", "POST failed (3 times since 2026-01-01T00:00:20Z) [relay=r]"),
                    capture.texts());
        }
    }
}
