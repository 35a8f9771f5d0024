package dev.rmbee.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-key order without holding up other keys, and the in-flight bound. */
class KeyedSequencerTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aKeyWaitsForItsPreviousHandOverOthersDoNot() throws Exception {
        KeyedSequencer sequencer = new KeyedSequencer(executor);
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> firstHandedOver = new CompletableFuture<>();
        CompletableFuture<Void> firstFinished = new CompletableFuture<>();
        CompletableFuture<Void> a1 = sequencer.submit("a", () -> {
            ran.add("a1");
            return new Progress(firstHandedOver, firstFinished);
        });
        CompletableFuture<Void> a2 = sequencer.submit("a", () -> {
            ran.add("a2");
            return Progress.DONE;
        });
        CompletableFuture<Void> b1 = sequencer.submit("b", () -> {
            ran.add("b1");
            return Progress.DONE;
        });
        b1.get(5, TimeUnit.SECONDS);
        assertFalse(a2.isDone(), "a2 waits for a1's hand-over");
        assertFalse(ran.contains("a2"));
        firstHandedOver.complete(null);
        a2.get(5, TimeUnit.SECONDS);
        assertFalse(a1.isDone(), "a1 is handed over, not finished");
        firstFinished.complete(null);
        a1.get(5, TimeUnit.SECONDS);
        assertEquals(
                List.of("a1", "a2"),
                ran.stream().filter(step -> step.startsWith("a")).toList());
        assertEquals(0, sequencer.busyKeys());
    }

    @Test
    void submitHereRunsOnTheCallingThreadUnlessItsKeyIsBusy() throws Exception {
        KeyedSequencer sequencer = new KeyedSequencer(executor);
        Thread caller = Thread.currentThread();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> handedOver = new CompletableFuture<>();
        CompletableFuture<Void> first = sequencer.submitHere("a", () -> {
            threads.add(Thread.currentThread());
            return new Progress(handedOver, handedOver);
        });
        assertEquals(List.of(caller), threads, "an idle key: at once, on this thread");
        CompletableFuture<Void> second = sequencer.submitHere("a", () -> {
            threads.add(Thread.currentThread());
            return Progress.DONE;
        });
        assertEquals(1, threads.size(), "behind a busy key it waits");
        handedOver.complete(null);
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertEquals(2, threads.size());
        assertNotSame(caller, threads.get(1), "and then runs on the executor");
        assertEquals(0, sequencer.busyKeys());
    }

    @Test
    void aFailingTaskDoesNotBlockItsKey() throws Exception {
        KeyedSequencer sequencer = new KeyedSequencer(executor);
        CompletableFuture<Void> failed = sequencer.submit("a", () -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<Void> next = sequencer.submit("a", () -> Progress.DONE);
        failed.get(5, TimeUnit.SECONDS);
        next.get(5, TimeUnit.SECONDS);
        assertEquals(0, sequencer.busyKeys());
    }

    @Test
    void limitHandsPermitsOnInOrder() throws Exception {
        InFlightLimit limit = new InFlightLimit(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        limit.acquireThen(() -> ran.add("first"));
        limit.acquireThen(() -> ran.add("second"));
        Runnable third = () -> ran.add("third");
        limit.acquireThen(third);
        assertEquals(List.of("first"), ran);
        assertTrue(limit.cancel(third));
        limit.release();
        assertEquals(List.of("first", "second"), ran);
        assertEquals(1, limit.inUse());
        assertFalse(limit.awaitIdle(TimeUnit.MILLISECONDS.toNanos(10)));
        limit.release();
        assertTrue(limit.awaitIdle(0));
        assertEquals(List.of("first", "second"), ran, "the cancelled one never ran");
    }
}
