package dev.rmbee.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler whose time moves only when a test says so, for code whose timing is its behaviour
 * (backoff, keep-alive, expiry): nothing runs until {@link #runDue()} or {@link #advance(Duration)},
 * and then on the test's thread, in time order. It moves a {@link MutableClock} along with it when
 * given one, so that code reading a clock and code scheduled here agree on the time.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private final MutableClock clock;
    private long now;
    private long sequence;
    private boolean shutdown;

    /** A scheduler with a time of its own. */
    public ManualScheduler() {
        this(null);
    }

    /** A scheduler that moves {@code clock} by the time it advances ({@code null}: none). */
    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs what is due now, including what those tasks schedule for now; returns how many ran. */
    public synchronized int runDue() {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().at <= now) {
            queue.poll().run();
            ran++;
        }
        return ran;
    }

    /** Moves time forward by {@code time}, running each task when its time comes; returns how many ran. */
    public synchronized int advance(Duration time) {
        long target = now + time.toNanos();
        int ran = runDue();
        while (!queue.isEmpty() && queue.peek().at <= target) {
            moveTo(queue.peek().at);
            ran += runDue();
        }
        moveTo(target);
        return ran + runDue();
    }

    /** The time from now until the next task is due, or {@code null} when none is waiting. */
    public synchronized Duration nextDelay() {
        return queue.isEmpty() ? null : Duration.ofNanos(Math.max(0, queue.peek().at - now));
    }

    /** The number of tasks waiting (due or not). */
    public synchronized int pending() {
        return queue.size();
    }

    private void moveTo(long time) {
        if (clock != null) {
            clock.advance(Duration.ofNanos(time - now));
        }
        now = time;
    }

    private synchronized <V> Task<V> enqueue(Callable<V> work, long delayNanos, long periodNanos) {
        if (shutdown) {
            throw new RejectedExecutionException("the scheduler is shut down");
        }
        Task<V> task = new Task<>(work, now + Math.max(0, delayNanos), periodNanos, sequence++);
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        enqueue(ignoringResult(command), 0, 0);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(ignoringResult(command), unit.toNanos(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(callable, unit.toNanos(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(ignoringResult(command), unit.toNanos(initialDelay), unit.toNanos(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        // on a manual clock a task takes no time: fixed delay and fixed rate are the same
        return enqueue(ignoringResult(command), unit.toNanos(initialDelay), unit.toNanos(delay));
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> waiting = new ArrayList<>(queue);
        queue.clear();
        return waiting;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private static Callable<Object> ignoringResult(Runnable command) {
        return () -> {
            command.run();
            return null;
        };
    }

    /** One scheduled task; periodic ones go back into the queue after each run. */
    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        private final Callable<V> work;
        private final long period;
        private final long order;
        private long at;
        private boolean cancelled;
        private boolean done;
        private V result;
        private Throwable failure;

        Task(Callable<V> work, long at, long period, long order) {
            this.work = work;
            this.at = at;
            this.period = period;
            this.order = order;
        }

        @Override
        public void run() {
            try {
                V value = work.call();
                if (period > 0) {
                    at += period;
                    queue.add(this);
                } else {
                    finish(value, null);
                }
            } catch (Exception | Error e) {
                finish(null, e);
            }
        }

        private void finish(V value, Throwable error) {
            result = value;
            failure = error;
            done = true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(at - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> task) {
                int byTime = Long.compare(at, task.at);
                return byTime != 0 ? byTime : Long.compare(order, task.order);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                if (done) {
                    return false;
                }
                cancelled = true;
                done = true;
                queue.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (ManualScheduler.this) {
                return done;
            }
        }

        /** The result of a task that ran; a task not run yet is a test's mistake, not a wait. */
        @Override
        public V get() throws ExecutionException {
            synchronized (ManualScheduler.this) {
                if (cancelled) {
                    throw new CancellationException();
                }
                if (!done) {
                    throw new IllegalStateException("the task has not run: advance the ManualScheduler first");
                }
                if (failure != null) {
                    throw new ExecutionException(failure);
                }
                return result;
            }
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }
}
