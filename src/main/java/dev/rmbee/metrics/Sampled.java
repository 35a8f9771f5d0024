package dev.rmbee.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A figure that costs a round trip (or a scan) to compute, read when metrics are scraped: a read
 * returns the last computed value and, when that is older than the interval and no computation is
 * running, starts a new one. So nothing runs while nobody reads, at most one computation runs at a
 * time, and a figure is at most one interval (plus one computation) old. A source whose stages
 * are already complete (in-memory figures) with a zero interval is read afresh every time. A
 * failed computation keeps the last value (and is logged at FINE).
 *
 * @param <T> the figure
 */
public final class Sampled<T> {

    private static final Logger LOG = Logger.getLogger(Sampled.class.getName());

    private final Supplier<? extends CompletionStage<? extends T>> source;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile T last;
    private volatile long computedAt;
    private volatile boolean computed;

    /**
     * @param source computes the figure (asynchronously)
     * @param interval how old the figure may get before a read starts a new computation
     * @param initial the value until the first computation completes
     * @param nanoTime the monotonic clock ({@code System::nanoTime})
     */
    public Sampled(
            Supplier<? extends CompletionStage<? extends T>> source,
            Duration interval,
            T initial,
            LongSupplier nanoTime) {
        this.source = Objects.requireNonNull(source, "source");
        this.intervalNanos = interval.toNanos();
        this.last = initial;
        this.nanoTime = nanoTime;
    }

    /** The last computed value; starts a computation when it is due. */
    public T value() {
        if (isDue() && running.compareAndSet(false, true)) {
            compute();
        }
        return last;
    }

    private boolean isDue() {
        return !computed || nanoTime.getAsLong() - computedAt >= intervalNanos;
    }

    private void compute() {
        CompletionStage<? extends T> stage;
        try {
            stage = source.get();
        } catch (RuntimeException e) {
            done(null, e);
            return;
        }
        stage.whenComplete(this::done);
    }

    private void done(T value, Throwable failure) {
        if (failure == null) {
            last = value;
        } else {
            LOG.log(Level.FINE, "computing a metric failed; keeping its last value", failure);
        }
        computedAt = nanoTime.getAsLong();
        computed = true;
        running.set(false);
    }
}
