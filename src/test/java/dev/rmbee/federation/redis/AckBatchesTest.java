package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class AckBatchesTest {

    /** The batches sent, each answered when the test completes its future. */
    private final List<List<Integer>> sent = new ArrayList<>();

    private final List<CompletableFuture<Void>> answers = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private final AckBatches<Integer> acks = new AckBatches<>(this::send, tasks::add);

    private CompletionStage<?> send(List<Integer> ids) {
        sent.add(List.copyOf(ids));
        CompletableFuture<Void> answer = new CompletableFuture<>();
        answers.add(answer);
        return answer;
    }

    private void runTasks() {
        List<Runnable> now = List.copyOf(tasks);
        tasks.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void aLoneAcknowledgementGoesOutAtOnce() {
        CompletableFuture<Void> one = acks.acknowledge(1).toCompletableFuture();

        assertEquals(List.of(List.of(1)), sent);
        answers.get(0).complete(null);
        assertFalse(one.isDone()); // completed on the executor, not on the client's thread
        runTasks();
        assertTrue(one.isDone());
        assertFalse(one.isCompletedExceptionally());
    }

    @Test
    void acknowledgementsMadeWhileOneBatchIsInFlightGoOutTogetherInTheirOrder() {
        CompletableFuture<Void> first = acks.acknowledge(1).toCompletableFuture();
        CompletableFuture<Void> second = acks.acknowledge(2).toCompletableFuture();
        CompletableFuture<Void> third = acks.acknowledge(3).toCompletableFuture();
        assertEquals(List.of(List.of(1)), sent);

        answers.get(0).complete(null);
        assertEquals(List.of(List.of(1), List.of(2, 3)), sent);
        runTasks();
        assertTrue(first.isDone());
        assertFalse(second.isDone());

        answers.get(1).complete(null);
        assertEquals(1, tasks.size(), "one task completes a whole batch");
        runTasks();
        assertTrue(second.isDone() && third.isDone());
        assertEquals(2, sent.size());
    }

    @Test
    void aFailedBatchFailsItsAcknowledgementsOnlyAndTheNextOneIsSent() {
        CompletableFuture<Void> first = acks.acknowledge(1).toCompletableFuture();
        CompletableFuture<Void> second = acks.acknowledge(2).toCompletableFuture();

        answers.get(0).completeExceptionally(new IllegalStateException("redis away"));
        runTasks();
        ExecutionException failure = assertThrows(ExecutionException.class, first::get);
        assertEquals("redis away", failure.getCause().getMessage());

        answers.get(1).complete(null);
        runTasks();
        assertTrue(second.isDone());
        assertFalse(second.isCompletedExceptionally());
    }

    @Test
    void aSenderThatThrowsFailsTheBatchAndTheNextIsSentAnyway() {
        AckBatches<Integer> throwing = new AckBatches<>(
                ids -> {
                    if (ids.contains(1)) {
                        throw new IllegalArgumentException("bad id");
                    }
                    return CompletableFuture.completedFuture(null);
                },
                Runnable::run);

        assertTrue(throwing.acknowledge(1).toCompletableFuture().isCompletedExceptionally());
        CompletableFuture<Void> next = throwing.acknowledge(2).toCompletableFuture();
        assertTrue(next.isDone());
        assertFalse(next.isCompletedExceptionally());
    }

    @Test
    void aBatchHoldsAtMostMaxBatchIds() {
        acks.acknowledge(0);
        for (int i = 1; i <= AckBatches.MAX_BATCH + 10; i++) {
            acks.acknowledge(i);
        }
        answers.get(0).complete(null);
        assertEquals(AckBatches.MAX_BATCH, sent.get(1).size());
        answers.get(1).complete(null);
        assertEquals(10, sent.get(2).size());
        assertEquals(AckBatches.MAX_BATCH + 10, sent.get(2).get(9));
    }
}
