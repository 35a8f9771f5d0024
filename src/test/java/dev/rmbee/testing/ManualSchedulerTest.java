package dev.rmbee.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {

    @Test
    void runsTasksInTimeOrderOnlyWhenTimeReachesThem() {
        ManualScheduler scheduler = new ManualScheduler();
        List<String> ran = new ArrayList<>();
        scheduler.schedule(() -> ran.add("b"), 2, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("a"), 1, TimeUnit.SECONDS);
        scheduler.execute(() -> ran.add("now"));

        assertEquals(1, scheduler.runDue());
        assertEquals(List.of("now"), ran);
        assertEquals(Duration.ofSeconds(1), scheduler.nextDelay());
        scheduler.advance(Duration.ofMillis(1999));
        assertEquals(List.of("now", "a"), ran);
        scheduler.advance(Duration.ofMillis(1));
        assertEquals(List.of("now", "a", "b"), ran);
        assertNull(scheduler.nextDelay());
    }

    @Test
    void periodicTasksRepeatAndStopWhenCancelled() {
        ManualScheduler scheduler = new ManualScheduler();
        List<Integer> ticks = new ArrayList<>();
        ScheduledFuture<?> ticking =
                scheduler.scheduleAtFixedRate(() -> ticks.add(ticks.size()), 1, 1, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofSeconds(3));
        assertEquals(List.of(0, 1, 2), ticks);
        assertTrue(ticking.cancel(false));
        scheduler.advance(Duration.ofSeconds(3));
        assertEquals(3, ticks.size());
        assertEquals(0, scheduler.pending());
    }

    @Test
    void movesItsClockAlongAndTasksSeeTheirOwnTime() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        ManualScheduler scheduler = new ManualScheduler(clock);
        List<Instant> seen = new ArrayList<>();
        scheduler.schedule(() -> seen.add(clock.instant()), 5, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofSeconds(10));
        assertEquals(List.of(Instant.EPOCH.plusSeconds(5)), seen);
        assertEquals(Instant.EPOCH.plusSeconds(10), clock.instant());
    }

    @Test
    void aResultIsThereOnceTheTaskRanAndNotBefore() throws Exception {
        ManualScheduler scheduler = new ManualScheduler();
        ScheduledFuture<String> answer = scheduler.schedule(() -> "done", 1, TimeUnit.SECONDS);
        assertFalse(answer.isDone());
        assertThrows(IllegalStateException.class, answer::get);
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals("done", answer.get());
    }
}
