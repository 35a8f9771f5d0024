package dev.rmbee.peer;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A bound on the messages being processed at once. Permits are taken by blocking
 * ({@link #acquire}) or without blocking a thread ({@link #acquireThen}), and given back by
 * {@link #release}.
 */
final class InFlightLimit {

    private final int max;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    // guarded by this
    private int used;

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        this.max = max;
    }

    /** Takes a permit, waiting while all are in use. */
    synchronized void acquire() throws InterruptedException {
        while (used >= max || !waiting.isEmpty()) {
            wait();
        }
        used++;
    }

    /**
     * Takes a permit for {@code action} and runs it: at once on this thread when one is free,
     * otherwise on the thread that gives one back. The action must be quick.
     */
    void acquireThen(Runnable action) {
        synchronized (this) {
            if (used >= max || !waiting.isEmpty()) {
                waiting.add(action);
                return;
            }
            used++;
        }
        action.run();
    }

    /** Takes up to {@code wanted} more permits without waiting (none while others wait); returns how many. */
    synchronized int tryAcquire(int wanted) {
        if (!waiting.isEmpty()) {
            return 0;
        }
        int taken = Math.max(0, Math.min(wanted, max - used));
        used += taken;
        return taken;
    }

    /** Gives back {@code count} permits, one at a time ({@link #release}). */
    void release(int count) {
        for (int i = 0; i < count; i++) {
            release();
        }
    }

    /** Forgets an action still waiting for a permit; true if it was waiting (it will not run). */
    synchronized boolean cancel(Runnable action) {
        return waiting.remove(action);
    }

    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                used--;
                notifyAll();
                return;
            }
            // the permit passes straight to the waiting action
        }
        next.run();
    }

    synchronized int inUse() {
        return used;
    }

    /** Waits until no permit is in use; false if that did not happen within {@code timeoutNanos}. */
    synchronized boolean awaitIdle(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (used > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
