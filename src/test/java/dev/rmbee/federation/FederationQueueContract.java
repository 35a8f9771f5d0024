package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rmbee.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FederationQueue} must do, run against each by a concrete subclass. Nothing here
 * measures time: where a wait matters, the test observes it (a take seen waiting, an entry that
 * comes back while another does not), and the subclass says how time passes for its queue (moved
 * by hand for the embedded queue, real for Redis) through {@link #result} and {@link #waitingTake}.
 */
public abstract class FederationQueueContract {

    protected static final Duration NO_WAIT = Duration.ZERO;

    /**
     * A wait far longer than any test runs: a take given such a wait that completes did not do so
     * because its wait ran out.
     */
    protected static final Duration ENDLESS = Duration.ofMinutes(10);

    private final List<FederationQueue> opened = new ArrayList<>();

    /** A fresh queue over empty storage. */
    protected abstract FederationQueue newQueue() throws Exception;

    /**
     * The result of a stage of the queue, once it completed; a failed stage throws its {@link
     * java.util.concurrent.ExecutionException}. Where the test moves the queue's time by hand, at
     * most {@code time} of it passes (and the stage must have completed by then); where the queue
     * lives in real time (Redis), the result is awaited, up to {@link Await#DEFAULT_TIMEOUT} beyond
     * {@code time}.
     */
    protected abstract <T> T result(CompletionStage<T> stage, Duration time) throws Exception;

    /**
     * Starts a take with nothing to take and returns it once it is seen waiting in the queue for
     * entries (it did not answer at once).
     */
    protected abstract CompletableFuture<List<FederationEntry>> waitingTake(
            FederationQueue queue, int worker, int max, Duration wait) throws Exception;

    protected final FederationQueue open() throws Exception {
        FederationQueue queue = newQueue();
        opened.add(queue);
        return queue;
    }

    @AfterEach
    public void closeQueues() {
        opened.forEach(FederationQueue::close);
        opened.clear();
    }

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected final void add(FederationQueue queue, String... envelopes) throws Exception {
        for (String envelope : envelopes) {
            result(queue.add(bytes(envelope)), NO_WAIT);
        }
    }

    /** A take with {@code wait}, and its result once the queue answered (at most {@code wait} later). */
    protected final List<FederationEntry> take(FederationQueue queue, int worker, int max, Duration wait)
            throws Exception {
        return result(queue.take(worker, max, wait), wait);
    }

    protected final void ack(FederationQueue queue, FederationEntry entry) throws Exception {
        result(queue.acknowledge(entry), NO_WAIT);
    }

    protected static List<String> texts(List<FederationEntry> entries) {
        List<String> texts = new ArrayList<>();
        for (FederationEntry entry : entries) {
            texts.add(new String(entry.envelope(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** Takes (each take waiting up to 100 ms of the queue's time) until {@code count} entries came. */
    protected final List<FederationEntry> takeAll(FederationQueue queue, int worker, int count) {
        List<FederationEntry> entries = new ArrayList<>();
        Await.until(count + " entries taken by worker " + worker + " (so far " + texts(entries) + ")", () -> {
            entries.addAll(take(queue, worker, count - entries.size(), Duration.ofMillis(100)));
            return entries.size() >= count;
        });
        return entries;
    }

    @Test
    public void addedEntriesAreTakenInOrderOnce() throws Exception {
        FederationQueue queue = open();
        add(queue, "a", "b", "c");

        List<FederationEntry> entries = take(queue, 0, 10, NO_WAIT);

        assertEquals(List.of("a", "b", "c"), texts(entries));
        assertEquals(3, entries.stream().map(FederationEntry::id).distinct().count(), "ids are distinct");
        entries.forEach(entry -> assertEquals(1, entry.deliveries()));
        entries.forEach(entry -> assertEquals(0, entry.worker()));
        assertEquals(List.of(), take(queue, 0, 10, Duration.ofMillis(100)), "taken entries are not given again");
    }

    @Test
    public void theBacklogCountsEntriesUntilAcknowledged() throws Exception {
        FederationQueue queue = open();
        assertEquals(0L, result(queue.backlog(), NO_WAIT));
        add(queue, "a", "b", "c");

        List<FederationEntry> entries = take(queue, 0, 2, NO_WAIT);
        assertEquals(3L, result(queue.backlog(), NO_WAIT), "taken entries are still waiting");
        ack(queue, entries.get(0));

        assertEquals(2L, result(queue.backlog(), NO_WAIT));
    }

    @Test
    public void takeStopsAtMax() throws Exception {
        FederationQueue queue = open();
        add(queue, "a", "b", "c");

        assertEquals(List.of("a", "b"), texts(take(queue, 0, 2, NO_WAIT)));
        assertEquals(List.of("c"), texts(take(queue, 1, 2, NO_WAIT)));
    }

    @Test
    public void envelopesComeBackByteForByte() throws Exception {
        FederationQueue queue = open();
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        result(queue.add(every), NO_WAIT);

        assertArrayEquals(every, take(queue, 0, 1, NO_WAIT).get(0).envelope());
    }

    @Test
    public void aWaitingTakeGetsAnEntryAddedMeanwhile() throws Exception {
        FederationQueue queue = open();
        CompletableFuture<List<FederationEntry>> waiting = waitingTake(queue, 0, 4, ENDLESS);
        assertFalse(waiting.isDone(), "nothing to take yet");

        add(queue, "late");

        assertEquals(List.of("late"), texts(result(waiting, NO_WAIT)));
    }

    /** Waits 2 s: ample for a loaded machine to get the take waiting before its wait is over. */
    @Test
    public void aTakeWithNothingToTakeWaitsThenEndsWithNothing() throws Exception {
        FederationQueue queue = open();
        Duration wait = Duration.ofSeconds(2);

        CompletableFuture<List<FederationEntry>> waiting = waitingTake(queue, 0, 4, wait);

        assertEquals(List.of(), result(waiting, wait));
    }

    /**
     * Two entries handed back, one for an hour, one for a moment: the second comes back (the same
     * entry, one more delivery) while the first does not, long before its delay is over.
     */
    @Test
    public void anEntryHandedBackIsGivenAgainAfterItsDelayAndNotBefore() throws Exception {
        FederationQueue queue = open();
        add(queue, "later", "sooner");
        List<FederationEntry> first = take(queue, 0, 2, NO_WAIT);
        assertEquals(List.of("later", "sooner"), texts(first));

        queue.retryLater(first.get(0), Duration.ofHours(1));
        queue.retryLater(first.get(1), Duration.ofMillis(300));

        List<FederationEntry> again = takeAll(queue, 0, 1);
        assertEquals(List.of("sooner"), texts(again), "the entry whose delay is over");
        assertEquals(first.get(1).id(), again.get(0).id());
        assertArrayEquals(first.get(1).envelope(), again.get(0).envelope());
        assertEquals(2, again.get(0).deliveries());
        assertEquals(List.of(), take(queue, 0, 2, NO_WAIT), "the other one not before its delay");
    }

    /** A take waiting far longer than the retry's delay gets the retry, not the end of its wait. */
    @Test
    public void aWaitingTakeGetsARetryWhenItFallsDue() throws Exception {
        FederationQueue queue = open();
        add(queue, "retry me");
        FederationEntry first = take(queue, 0, 1, NO_WAIT).get(0);
        Duration delay = Duration.ofMillis(200);
        queue.retryLater(first, delay);

        List<FederationEntry> again = result(queue.take(0, 1, ENDLESS), delay);

        assertEquals(List.of("retry me"), texts(again));
        assertEquals(2, again.get(0).deliveries());
    }

    @Test
    public void retriesComeBeforeNewEntries() throws Exception {
        FederationQueue queue = open();
        add(queue, "old");
        FederationEntry old = take(queue, 0, 1, NO_WAIT).get(0);
        queue.retryLater(old, Duration.ZERO);
        add(queue, "new");

        assertEquals(List.of("old", "new"), texts(takeAll(queue, 0, 2)));
    }

    @Test
    public void acknowledgedEntriesAreNotGivenAgain() throws Exception {
        FederationQueue queue = open();
        add(queue, "done", "retry");
        List<FederationEntry> entries = take(queue, 0, 2, NO_WAIT);

        ack(queue, entries.get(0));
        queue.retryLater(entries.get(1), Duration.ZERO);

        assertEquals(List.of("retry"), texts(takeAll(queue, 0, 1)));
        assertEquals(List.of(), take(queue, 0, 2, Duration.ofMillis(200)));
    }

    @Test
    public void concurrentWorkersShareTheEntries() throws Exception {
        FederationQueue queue = open();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add("m" + i);
        }
        add(queue, all.toArray(new String[0]));

        Duration wait = Duration.ofMillis(200);
        List<CompletableFuture<List<FederationEntry>>> takes = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            for (int round = 0; round < 3; round++) {
                takes.add(queue.take(worker, 4, wait).toCompletableFuture());
            }
        }
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (CompletableFuture<List<FederationEntry>> take : takes) {
            for (String text : texts(result(take, wait))) {
                seen.add(text);
                count++;
            }
        }
        while (count < all.size()) {
            List<FederationEntry> more = take(queue, 0, 40, NO_WAIT);
            if (more.isEmpty()) {
                break;
            }
            seen.addAll(texts(more));
            count += more.size();
        }
        assertEquals(all.size(), count, "each entry given once");
        assertEquals(Set.copyOf(all), seen);
    }

    /** Closing ends a take waiting far longer than the test runs, with nothing, and later takes get nothing. */
    @Test
    public void closingEndsWaitingTakes() throws Exception {
        FederationQueue queue = open();
        CompletableFuture<List<FederationEntry>> waiting = waitingTake(queue, 0, 4, ENDLESS);

        queue.close();

        assertEquals(List.of(), result(waiting, NO_WAIT));
        assertEquals(List.of(), take(queue, 0, 4, NO_WAIT));
    }

    @Test
    public void idsDifferBetweenEntries() throws Exception {
        FederationQueue queue = open();
        add(queue, "same", "same");
        List<FederationEntry> entries = take(queue, 0, 2, NO_WAIT);
        assertNotEquals(entries.get(0).id(), entries.get(1).id());
    }
}
