package dev.rmbee.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Probes share one reachability check: a result stands for the reuse time, then a new check runs. */
class SharedPingTest {

    private static final Duration REUSE = Duration.ofSeconds(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicBoolean answering = new AtomicBoolean(true);
    private final SharedPing ping = new SharedPing(
            () -> {
                pings.incrementAndGet();
                return answering.get();
            },
            REUSE,
            clock);

    @Test
    void aResultStandsForTheReuseTimeThenANewCheckRuns() {
        assertTrue(ping.reachable());
        answering.set(false);
        clock.advance(REUSE.minusMillis(1));
        assertTrue(ping.reachable(), "the first result still stands");
        assertEquals(1, pings.get());

        clock.advance(Duration.ofMillis(1));
        assertFalse(ping.reachable(), "a new check once the result is a reuse time old");
        assertEquals(2, pings.get());

        answering.set(true);
        assertFalse(ping.reachable(), "a failure stands as long as a success");
        clock.advance(REUSE);
        assertTrue(ping.reachable());
        assertEquals(3, pings.get());
    }

    @Test
    void theReuseTimeCountsFromTheEndOfTheCheck() {
        SharedPing slow = new SharedPing(
                () -> {
                    pings.incrementAndGet();
                    clock.advance(Duration.ofMillis(500)); // the check took its timeout
                    return false;
                },
                REUSE,
                clock);
        assertFalse(slow.reachable());
        clock.advance(REUSE.minusMillis(1));
        assertFalse(slow.reachable());
        assertEquals(1, pings.get());
    }

    @Test
    void callersDuringACheckWaitForItsResult() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SharedPing blocking = new SharedPing(
                () -> {
                    pings.incrementAndGet();
                    started.countDown();
                    try {
                        return release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                },
                REUSE,
                clock);
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(blocking::reachable);
        assertTrue(started.await(30, TimeUnit.SECONDS));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(blocking::reachable);
        release.countDown();

        assertTrue(first.get(30, TimeUnit.SECONDS));
        assertTrue(second.get(30, TimeUnit.SECONDS));
        assertEquals(1, pings.get(), "the second caller took the first check's result");
    }
}
