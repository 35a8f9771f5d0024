package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.testing.ManualScheduler;
import dev.rmbee.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Time for the federation unit tests that moves only when the test says so: a {@link
 * ManualScheduler} that runs every task (executor and scheduler alike) on the test's thread and
 * moves a {@link MutableClock} along, and a {@code nanoTime} read from that clock for the
 * embedded queue's retry delays. Code reading the clock, tasks scheduled and retries falling due
 * all agree on the time.
 */
final class ManualTime {

    /** Where the clock starts: a whole second, so envelope deadlines (in seconds) fall on exact instants. */
    static final Instant START = Instant.ofEpochSecond(1_700_000_000L);

    final MutableClock clock = new MutableClock(START);
    final ManualScheduler scheduler = new ManualScheduler(clock);

    /** The clock's time in nanoseconds, as {@link System#nanoTime} would count it. */
    long nanoTime() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The clock's time in envelope seconds. */
    long epochSecond() {
        return clock.instant().getEpochSecond();
    }

    /** An embedded queue whose executor and scheduler are this manual scheduler, and whose time is this clock. */
    EmbeddedFederationQueue queue(int capacity) {
        return queue(capacity, QueueBudget.unlimited());
    }

    /** The same, charging {@code budget} with what it holds. */
    EmbeddedFederationQueue queue(int capacity, QueueBudget budget) {
        return new EmbeddedFederationQueue(scheduler, scheduler, capacity, this::nanoTime, budget);
    }

    /** Runs what is due now. */
    void runDue() {
        scheduler.runDue();
    }

    /** Moves time forward by {@code time}, running each task when its time comes. */
    void advance(Duration time) {
        scheduler.advance(time);
    }

    /**
     * The result of {@code stage}, letting at most {@code time} pass: runs what is due, then moves
     * time from one scheduled task to the next until the stage completes; fails when it did not
     * complete within {@code time}. A failed stage throws its {@link ExecutionException}.
     */
    <T> T result(CompletionStage<T> stage, Duration time) throws ExecutionException, InterruptedException {
        CompletableFuture<T> future = stage.toCompletableFuture();
        scheduler.runDue();
        Duration left = time;
        while (!future.isDone()) {
            Duration next = scheduler.nextDelay();
            if (next == null || next.compareTo(left) > 0) {
                break;
            }
            scheduler.advance(next);
            left = left.minus(next);
        }
        assertTrue(future.isDone(), "completed within " + time + " of manual time (" + left + " left unused)");
        return future.get();
    }
}
