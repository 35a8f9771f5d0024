package dev.rmbee.peer.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private static List<Long> delays(ReconnectBackoff backoff, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(backoff.next().toMillis());
        }
        return delays;
    }

    @Test
    void theCeilingDoublesUpToTheMaximum() {
        ReconnectBackoff highest = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 1.0);
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L), delays(highest, 7));
    }

    @Test
    void eachDelayIsDrawnFromTheUpperHalfOfItsCeiling() {
        ReconnectBackoff lowest = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 15000L, 15000L), delays(lowest, 7));
        ReconnectBackoff middle = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.5);
        assertEquals(List.of(750L, 1500L), delays(middle, 2));
    }

    @Test
    void resetStartsOverAndManyAttemptsStayCapped() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(800), () -> 1.0);
        delays(backoff, 1000);
        assertEquals(800L, backoff.next().toMillis());
        backoff.reset();
        assertEquals(0, backoff.attempts());
        assertEquals(List.of(100L, 200L), delays(backoff, 2));
    }

    @Test
    void aHugeMaximumDoesNotOverflow() {
        ReconnectBackoff backoff =
                new ReconnectBackoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE), () -> 1.0);
        long last = 0;
        for (long delay : delays(backoff, 200)) {
            last = delay;
        }
        assertEquals(Long.MAX_VALUE, last);
    }
}
