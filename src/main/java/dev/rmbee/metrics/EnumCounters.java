package dev.rmbee.metrics;

import java.util.concurrent.atomic.LongAdder;

/** One counter per constant of an enum: a bounded label set, counted without a lock or an allocation. */
public final class EnumCounters<E extends Enum<E>> {

    private final LongAdder[] counters;

    public EnumCounters(Class<E> type) {
        counters = new LongAdder[type.getEnumConstants().length];
        for (int i = 0; i < counters.length; i++) {
            counters[i] = new LongAdder();
        }
    }

    public void increment(E key) {
        counters[key.ordinal()].increment();
    }

    public long get(E key) {
        return counters[key.ordinal()].sum();
    }
}
