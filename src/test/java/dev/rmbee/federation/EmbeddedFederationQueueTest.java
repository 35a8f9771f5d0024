package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.budget.QueueBudget;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.wire.SessionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The contract in memory, on {@link ManualTime}: every stage completes on the test's thread and
 * time moves only as the test moves it, so waits and delays are checked to the nanosecond. Plus
 * the bound, and one test with real threads.
 */
class EmbeddedFederationQueueTest extends FederationQueueContract {

    private final ManualTime time = new ManualTime();

    @Override
    protected FederationQueue newQueue() {
        return time.queue(EmbeddedFederationQueue.DEFAULT_CAPACITY);
    }

    @Override
    protected <T> T result(CompletionStage<T> stage, Duration wait) throws Exception {
        return time.result(stage, wait);
    }

    @Override
    protected CompletableFuture<List<FederationEntry>> waitingTake(
            FederationQueue queue, int worker, int max, Duration wait) {
        CompletableFuture<List<FederationEntry>> take =
                queue.take(worker, max, wait).toCompletableFuture();
        time.runDue();
        assertFalse(take.isDone(), "the take waits");
        return take;
    }

    @Test
    void aTakeWithNothingToTakeEndsExactlyWhenItsWaitIsOver() throws Exception {
        FederationQueue queue = open();
        CompletableFuture<List<FederationEntry>> waiting = waitingTake(queue, 0, 4, Duration.ofMillis(200));

        time.advance(Duration.ofMillis(199));
        assertFalse(waiting.isDone(), "still waiting 1 ms before the end of its wait");
        time.advance(Duration.ofMillis(1));

        assertTrue(waiting.isDone(), "ended when its wait was over");
        assertEquals(List.of(), waiting.get());
    }

    @Test
    void anEntryHandedBackIsDueExactlyWhenItsDelayIsOver() throws Exception {
        FederationQueue queue = open();
        add(queue, "retry me");
        FederationEntry first = take(queue, 0, 1, NO_WAIT).get(0);

        queue.retryLater(first, Duration.ofMillis(300));

        time.advance(Duration.ofMillis(299));
        assertEquals(List.of(), take(queue, 0, 1, NO_WAIT), "not 1 ms before its delay is over");
        time.advance(Duration.ofMillis(1));
        List<FederationEntry> again = take(queue, 0, 1, NO_WAIT);
        assertEquals(List.of("retry me"), texts(again), "when its delay is over");
        assertEquals(2, again.get(0).deliveries());
    }

    @Test
    void aWaitingTakeGetsARetryTheMomentItFallsDue() throws Exception {
        FederationQueue queue = open();
        add(queue, "retry me");
        FederationEntry first = take(queue, 0, 1, NO_WAIT).get(0);
        queue.retryLater(first, Duration.ofMillis(200));
        CompletableFuture<List<FederationEntry>> waiting = waitingTake(queue, 0, 1, Duration.ofSeconds(3));

        time.advance(Duration.ofMillis(199));
        assertFalse(waiting.isDone(), "the retry is not due yet");
        time.advance(Duration.ofMillis(1));

        assertTrue(waiting.isDone(), "handed the retry at once, not at the end of the take's wait");
        assertEquals(List.of("retry me"), texts(waiting.get()));
    }

    @Test
    void aFullQueueRefusesWithATextForTheSender() throws Exception {
        EmbeddedFederationQueue queue = time.queue(2);
        add(queue, "a", "b");

        ExecutionException failure =
                assertThrows(ExecutionException.class, () -> result(queue.add(bytes("c")), NO_WAIT));

        assertInstanceOf(FederationQueueException.class, failure.getCause());
        assertEquals(
                "federation queue error: the queue is full (2 envelopes)",
                failure.getCause().getMessage());
        // taken entries still count until acknowledged
        FederationEntry a = take(queue, 0, 1, NO_WAIT).get(0);
        assertEquals(2, queue.size());
        ack(queue, a);
        assertEquals(1, queue.size());
        add(queue, "c");
    }

    @Test
    void everyEnvelopeIsChargedToTheBudgetUntilItIsAcknowledged() throws Exception {
        QueueBudget budget = new QueueBudget(new QueueBudget.Limits(10_000, 10_000, 10_000));
        EmbeddedFederationQueue queue = time.queue(EmbeddedFederationQueue.DEFAULT_CAPACITY, budget);
        byte[] envelope = foreignRequest(300);
        result(queue.add(envelope), NO_WAIT);
        assertEquals(envelope.length, budget.usedFor(FOREIGN.twin()));
        assertEquals(envelope.length, budget.usedFrom(LOCAL.twin()));

        FederationEntry entry = take(queue, 0, 1, NO_WAIT).get(0);
        queue.retryLater(entry, Duration.ZERO);
        assertEquals(envelope.length, budget.used(), "handed back for a retry: still charged");
        ack(queue, take(queue, 0, 1, NO_WAIT).get(0));

        assertEquals(0, budget.used(), "acknowledged: released");
    }

    @Test
    void anEnvelopeOverTheBudgetIsRefusedWithTheBudgetsText() throws Exception {
        byte[] envelope = foreignRequest(3_000);
        QueueBudget budget = new QueueBudget(new QueueBudget.Limits(envelope.length + 10, 1_000_000, 1_000_000));
        EmbeddedFederationQueue queue = time.queue(EmbeddedFederationQueue.DEFAULT_CAPACITY, budget);
        result(queue.add(envelope), NO_WAIT);

        ExecutionException failure = assertThrows(ExecutionException.class, () -> result(queue.add(envelope), NO_WAIT));

        assertInstanceOf(QueueFullException.class, failure.getCause());
        assertEquals("relay out of queue space", failure.getCause().getMessage());
        assertEquals(1, queue.size());
    }

    private static final SessionKey LOCAL = SessionKey.of(1);
    private static final SessionKey FOREIGN = SessionKey.of(3);

    private static byte[] foreignRequest(int payloadBytes) {
        return TestEnvelopes.request(LOCAL, FOREIGN, "cmd")
                .payload(new byte[payloadBytes])
                .build()
                .toByteArray();
    }

    @Test
    void aClosedQueueRefusesAdds() {
        EmbeddedFederationQueue queue = time.queue(EmbeddedFederationQueue.DEFAULT_CAPACITY);
        queue.close();

        ExecutionException failure =
                assertThrows(ExecutionException.class, () -> result(queue.add(bytes("late")), NO_WAIT));
        assertEquals(
                "federation queue error: the queue is closed",
                failure.getCause().getMessage());
    }

    /**
     * The queue on real threads (its production setting): four workers take, each on its own
     * thread, while entries are being added; every entry is given exactly once.
     */
    @Test
    void takesFromManyThreadsWhileAddingGetEachEntryOnce() throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "federation-queue-test");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService workers = Executors.newFixedThreadPool(4);
        EmbeddedFederationQueue queue = new EmbeddedFederationQueue(executor, executor);
        try {
            int entries = 400;
            AtomicBoolean allAdded = new AtomicBoolean();
            List<Future<List<String>>> taken = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                int id = worker;
                taken.add(workers.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        boolean added = allAdded.get();
                        List<FederationEntry> some = queue.take(id, 3, Duration.ofMillis(20))
                                .toCompletableFuture()
                                .get(30, TimeUnit.SECONDS);
                        for (FederationEntry entry : some) {
                            mine.add(new String(entry.envelope(), StandardCharsets.UTF_8));
                            queue.acknowledge(entry);
                        }
                        if (added && some.isEmpty() && queue.size() == 0) {
                            return mine;
                        }
                    }
                }));
            }
            for (int i = 0; i < entries; i++) {
                queue.add(bytes("m" + i)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            allAdded.set(true);
            Set<String> seen = new HashSet<>();
            int count = 0;
            for (Future<List<String>> worker : taken) {
                List<String> mine = worker.get(30, TimeUnit.SECONDS);
                seen.addAll(mine);
                count += mine.size();
            }
            assertEquals(entries, count, "each entry given once");
            assertEquals(entries, seen.size(), "every entry given");
        } finally {
            queue.close();
            workers.shutdownNow();
            executor.shutdownNow();
        }
    }
}
