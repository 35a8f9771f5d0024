package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every {@link FederationQueue} must do, run against each by a concrete subclass. */
public abstract class FederationQueueContract {

    private static final Duration NO_WAIT = Duration.ZERO;

    private final List<FederationQueue> opened = new ArrayList<>();

    /** A fresh queue over empty storage. */
    protected abstract FederationQueue newQueue() throws Exception;

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

    protected static void add(FederationQueue queue, String... envelopes) throws Exception {
        for (String envelope : envelopes) {
            queue.add(bytes(envelope)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    protected static List<FederationEntry> take(FederationQueue queue, int worker, int max, Duration wait)
            throws Exception {
        return queue.take(worker, max, wait).toCompletableFuture().get(wait.toMillis() + 5000, TimeUnit.MILLISECONDS);
    }

    protected static void ack(FederationQueue queue, FederationEntry entry) throws Exception {
        queue.acknowledge(entry).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    protected static List<String> texts(List<FederationEntry> entries) {
        List<String> texts = new ArrayList<>();
        for (FederationEntry entry : entries) {
            texts.add(new String(entry.envelope(), StandardCharsets.UTF_8));
        }
        return texts;
    }

    /** Takes until {@code count} entries came or {@code timeout} passed. */
    protected static List<FederationEntry> takeAll(FederationQueue queue, int worker, int count, Duration timeout)
            throws Exception {
        List<FederationEntry> entries = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries.size() < count && System.nanoTime() < deadline) {
            entries.addAll(take(queue, worker, count - entries.size(), Duration.ofMillis(100)));
        }
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
        queue.add(every).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertArrayEquals(every, take(queue, 0, 1, NO_WAIT).get(0).envelope());
    }

    @Test
    public void aWaitingTakeGetsAnEntryAddedMeanwhile() throws Exception {
        FederationQueue queue = open();
        CompletableFuture<List<FederationEntry>> waiting =
                queue.take(0, 4, Duration.ofSeconds(3)).toCompletableFuture();
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "nothing to take yet");

        add(queue, "late");

        assertEquals(List.of("late"), texts(waiting.get(2, TimeUnit.SECONDS)));
    }

    @Test
    public void aTakeWithNothingToTakeEndsAfterItsWait() throws Exception {
        FederationQueue queue = open();
        long start = System.nanoTime();

        assertEquals(List.of(), take(queue, 0, 4, Duration.ofMillis(200)));

        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "waited");
    }

    @Test
    public void anEntryHandedBackIsGivenAgainAfterItsDelay() throws Exception {
        FederationQueue queue = open();
        add(queue, "retry me");
        FederationEntry first = take(queue, 0, 1, NO_WAIT).get(0);
        long start = System.nanoTime();

        queue.retryLater(first, Duration.ofMillis(300));

        assertEquals(List.of(), take(queue, 0, 1, NO_WAIT), "not before its delay");
        List<FederationEntry> again = takeAll(queue, 0, 1, Duration.ofSeconds(3));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250), "after its delay");
        assertEquals(1, again.size());
        assertEquals(first.id(), again.get(0).id());
        assertArrayEquals(first.envelope(), again.get(0).envelope());
        assertEquals(2, again.get(0).deliveries());
    }

    @Test
    public void aWaitingTakeGetsARetryWhenItFallsDue() throws Exception {
        FederationQueue queue = open();
        add(queue, "retry me");
        FederationEntry first = take(queue, 0, 1, NO_WAIT).get(0);
        queue.retryLater(first, Duration.ofMillis(200));
        long start = System.nanoTime();

        List<FederationEntry> again = take(queue, 0, 1, Duration.ofSeconds(3));

        assertEquals(List.of("retry me"), texts(again));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1500), "not after the whole wait");
    }

    @Test
    public void retriesComeBeforeNewEntries() throws Exception {
        FederationQueue queue = open();
        add(queue, "old");
        FederationEntry old = take(queue, 0, 1, NO_WAIT).get(0);
        queue.retryLater(old, Duration.ZERO);
        add(queue, "new");

        assertEquals(List.of("old", "new"), texts(takeAll(queue, 0, 2, Duration.ofSeconds(3))));
    }

    @Test
    public void acknowledgedEntriesAreNotGivenAgain() throws Exception {
        FederationQueue queue = open();
        add(queue, "done", "retry");
        List<FederationEntry> entries = take(queue, 0, 2, NO_WAIT);

        ack(queue, entries.get(0));
        queue.retryLater(entries.get(1), Duration.ZERO);

        assertEquals(List.of("retry"), texts(takeAll(queue, 0, 1, Duration.ofSeconds(3))));
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

        List<CompletableFuture<List<FederationEntry>>> takes = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            for (int round = 0; round < 3; round++) {
                takes.add(queue.take(worker, 4, Duration.ofMillis(200)).toCompletableFuture());
            }
        }
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (CompletableFuture<List<FederationEntry>> take : takes) {
            for (String text : texts(take.get(5, TimeUnit.SECONDS))) {
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

    @Test
    public void closingEndsWaitingTakes() throws Exception {
        FederationQueue queue = open();
        CompletableFuture<List<FederationEntry>> waiting =
                queue.take(0, 4, Duration.ofSeconds(1)).toCompletableFuture();

        queue.close();

        assertEquals(List.of(), waiting.get(3, TimeUnit.SECONDS));
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
