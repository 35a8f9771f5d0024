package dev.rmbee.federation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract in memory, plus the bound. */
class EmbeddedFederationQueueTest extends FederationQueueContract {

    private static ScheduledThreadPoolExecutor executor;

    @BeforeAll
    static void startExecutor() {
        executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "federation-queue-test");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void stopExecutor() {
        executor.shutdownNow();
    }

    @Override
    protected FederationQueue newQueue() {
        return new EmbeddedFederationQueue(executor, executor);
    }

    @Test
    void aFullQueueRefusesWithATextForTheSender() throws Exception {
        EmbeddedFederationQueue queue = new EmbeddedFederationQueue(executor, executor, 2);
        add(queue, "a", "b");

        ExecutionException failure = assertThrows(
                ExecutionException.class,
                () -> queue.add(bytes("c")).toCompletableFuture().get(1, TimeUnit.SECONDS));

        assertInstanceOf(FederationQueueException.class, failure.getCause());
        assertEquals(
                "federation queue error: the queue is full (2 envelopes)",
                failure.getCause().getMessage());
        // taken entries still count until acknowledged
        FederationEntry a = take(queue, 0, 1, Duration.ZERO).get(0);
        assertEquals(2, queue.size());
        ack(queue, a);
        assertEquals(1, queue.size());
        add(queue, "c");
    }

    @Test
    void aClosedQueueRefusesAdds() {
        EmbeddedFederationQueue queue = new EmbeddedFederationQueue(executor, executor);
        queue.close();

        ExecutionException failure = assertThrows(
                ExecutionException.class,
                () -> queue.add(bytes("late")).toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertEquals(
                "federation queue error: the queue is closed",
                failure.getCause().getMessage());
    }
}
