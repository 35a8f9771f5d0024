package dev.rmbee.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Values per label for labels that come from outside (remote relay domains, HTTP statuses), at
 * most {@code max} distinct ones: from then on every new label shares the value of
 * {@value #OTHER}. A label seen before costs one map read and no allocation.
 *
 * @param <T> the value kept per label (counters)
 */
public final class BoundedLabels<T> {

    /** The label all labels beyond the bound are folded into. */
    public static final String OTHER = "other";

    private static final Logger LOG = Logger.getLogger(BoundedLabels.class.getName());

    private final int max;
    private final Supplier<T> factory;
    private final ConcurrentMap<String, T> values = new ConcurrentHashMap<>();
    private final AtomicInteger distinct = new AtomicInteger();
    private volatile BiConsumer<String, T> listener = (label, value) -> {};

    /** @param max the most distinct labels kept before folding (at least 1) */
    public BoundedLabels(int max, Supplier<T> factory) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one label must be allowed");
        }
        this.max = max;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The value of {@code label}, or of {@value #OTHER} once {@code max} labels are taken. */
    public T get(String label) {
        T value = values.get(label);
        if (value != null) {
            return value;
        }
        value = create(label, true);
        return value != null ? value : create(OTHER, false);
    }

    /** Creates the label's value unless another thread did, or (when bounded) the bound is reached: null. */
    private T create(String label, boolean bounded) {
        Object[] created = new Object[1];
        T value = values.computeIfAbsent(label, key -> {
            if (bounded && !reserve()) {
                return null;
            }
            T fresh = factory.get();
            created[0] = fresh;
            return fresh;
        });
        if (created[0] != null) {
            announce(label, value);
        }
        return value;
    }

    /** Tells the listener of a new label; a failing listener never fails the counting. */
    private void announce(String label, T value) {
        try {
            listener.accept(label, value);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "metrics: the series of the new label " + label + " could not be registered", e);
        }
    }

    private boolean reserve() {
        int taken;
        do {
            taken = distinct.get();
            if (taken >= max) {
                return false;
            }
        } while (!distinct.compareAndSet(taken, taken + 1));
        return true;
    }

    /**
     * Calls {@code onNew} with every label there is now and, from now on, with each new label once
     * it exists (on the thread that created it; it must be quick, and its failure is only logged).
     * A label present now may be passed twice.
     */
    public void watch(BiConsumer<String, T> onNew) {
        listener = Objects.requireNonNull(onNew, "onNew");
        values.forEach(onNew);
    }

    /** A sorted copy of the labels and their values. */
    public Map<String, T> snapshot() {
        return new TreeMap<>(values);
    }
}
