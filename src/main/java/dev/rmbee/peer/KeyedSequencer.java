package dev.rmbee.peer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs tasks on an executor so that tasks of the same key take effect in the order they were
 * submitted — a task starts once the previous task of its key has handed its message over — while
 * tasks of different keys run in parallel. Keeps a sender's messages in order at the cost of one
 * map entry per busy key; the bound on messages in flight bounds the queues.
 */
final class KeyedSequencer {

    private static final Logger LOG = Logger.getLogger(KeyedSequencer.class.getName());

    private final Executor executor;
    private final Object lock = new Object();
    /** Tasks waiting behind a running one, per key; a key is present while one of its tasks runs. */
    private final Map<Object, Queue<Runnable>> busy = new HashMap<>();

    KeyedSequencer(Executor executor) {
        this.executor = executor;
    }

    /**
     * Queues {@code task} behind the tasks of {@code key}.
     *
     * @return completes when the task's message is finished (also when the task failed)
     */
    CompletableFuture<Void> submit(Object key, Supplier<Progress> task) {
        return submit(key, task, false);
    }

    /**
     * {@link #submit}, but when no task of {@code key} is in progress the task runs at once on the
     * calling thread, without a hand-over to the executor (for callers that wait for the task
     * anyway, as a relay link waits for its envelope); behind a busy key it waits as usual.
     */
    CompletableFuture<Void> submitHere(Object key, Supplier<Progress> task) {
        return submit(key, task, true);
    }

    /** {@link #submitHere} when {@code here}, else {@link #submit}. */
    CompletableFuture<Void> submit(Object key, Supplier<Progress> task, boolean here) {
        CompletableFuture<Void> finished = new CompletableFuture<>();
        Runnable step = () -> run(key, task, finished);
        synchronized (lock) {
            Queue<Runnable> queue = busy.get(key);
            if (queue != null) {
                queue.add(step);
                return finished;
            }
            busy.put(key, new ArrayDeque<>());
        }
        if (here) {
            step.run();
        } else {
            execute(step);
        }
        return finished;
    }

    private void run(Object key, Supplier<Progress> task, CompletableFuture<Void> finished) {
        Progress progress;
        try {
            progress = task.get();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "peer: a message failed unexpectedly", e);
            progress = Progress.DONE;
        }
        progress.handedOver().whenComplete((result, error) -> next(key));
        progress.finished().whenComplete((result, error) -> finished.complete(null));
    }

    private void next(Object key) {
        Runnable next;
        synchronized (lock) {
            Queue<Runnable> queue = busy.get(key);
            next = queue.poll();
            if (next == null) {
                busy.remove(key);
                return;
            }
        }
        execute(next);
    }

    private void execute(Runnable step) {
        try {
            executor.execute(step);
        } catch (RejectedExecutionException e) {
            step.run(); // shutting down: finish in place rather than lose the message
        }
    }

    /** Keys with a task running or waiting (for tests). */
    int busyKeys() {
        synchronized (lock) {
            return busy.size();
        }
    }
}
