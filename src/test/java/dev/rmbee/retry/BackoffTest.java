package dev.rmbee.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff backoff(Duration initial, Duration max) {
        return new Backoff("test backoff", initial, max);
    }

    private static List<Long> delays(Backoff.Series series, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(series.next().toMillis());
        }
        return delays;
    }

    @Test
    void theCeilingDoublesUpToTheMaximum() {
        Backoff.Series highest =
                backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).series(() -> 1.0);
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L), delays(highest, 7));
    }

    @Test
    void eachDelayIsDrawnFromTheUpperHalfOfItsCeiling() {
        Backoff backoff = backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 15000L, 15000L), delays(backoff.series(() -> 0.0), 7));
        assertEquals(List.of(750L, 1500L), delays(backoff.series(() -> 0.5), 2));
    }

    @Test
    void resetStartsOverAndManyAttemptsStayCapped() {
        Backoff.Series series =
                backoff(Duration.ofMillis(100), Duration.ofMillis(800)).series(() -> 1.0);
        delays(series, 1000);
        assertEquals(800L, series.next().toMillis());
        series.reset();
        assertEquals(0, series.attempts());
        assertEquals(List.of(100L, 200L), delays(series, 2));
    }

    @Test
    void aHugeMaximumDoesNotOverflow() {
        Backoff.Series series =
                backoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE)).series(() -> 1.0);
        long last = 0;
        for (long delay : delays(series, 200)) {
            last = delay;
        }
        assertEquals(Long.MAX_VALUE, last);
    }

    /** The n-th delay lies in the upper half of min(max, initial·2^(n−1)) (the federation's retries). */
    @Test
    void randomDelaysStayInTheUpperHalfOfTheirCeiling() {
        Backoff backoff = backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        for (int i = 0; i < 100; i++) {
            long first = backoff.delay(1, () -> ThreadLocalRandom.current().nextDouble())
                    .toMillis();
            long third = backoff.delay(3, () -> ThreadLocalRandom.current().nextDouble())
                    .toMillis();
            long late = backoff.delay(1000, () -> ThreadLocalRandom.current().nextDouble())
                    .toMillis();
            assertTrue(first >= 250 && first <= 500, "first " + first);
            assertTrue(third >= 1000 && third <= 2000, "third " + third);
            assertTrue(late >= 15_000 && late <= 30_000, "capped " + late);
        }
    }

    /** An odd ceiling: from ceiling − ⌊ceiling/2⌋ up to the ceiling, every value possible. */
    @Test
    void anOddCeilingKeepsItsUpperHalf() {
        Backoff backoff = backoff(Duration.ofMillis(5), Duration.ofMillis(5));
        assertEquals(Duration.ofMillis(5), backoff.ceiling(1));
        assertEquals(3, backoff.delay(1, () -> 0.0).toMillis());
        assertEquals(4, backoff.delay(1, () -> 0.34).toMillis());
        assertEquals(5, backoff.delay(1, () -> 0.67).toMillis());
        assertEquals(5, backoff.delay(1, () -> 0.999_999).toMillis());
        assertEquals(Duration.ofMillis(5), backoff.ceiling(0), "an attempt below 1 counts as the first");
    }

    @Test
    void refusesAnInitialDelayUnderOneMillisecondOrAboveTheMaximum() {
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class, () -> backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertEquals("test backoff: initial at least 1 ms and not above the maximum", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> backoff(null, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> backoff(Duration.ofSeconds(1), null));
    }
}
