package dev.rmbee.metrics;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the chain listener counts (the reference's {@code events_listener_*}): twin events applied,
 * reconnections, and failures by stage. The state (connected, last block) is read from the chain
 * client itself.
 */
public final class ChainCounters {

    /** Where following the chain failed: the {@code stage} label. */
    public enum Stage {
        /** A block's events could not be decoded (the twin cache is emptied). */
        DECODE,
        /** A twin event could not be applied to the cache (a twin RMB cannot represent). */
        CACHE_SET,
        /** A block or its events could not be read from the node. */
        FETCH,
        /** The node produced no block for the head timeout (the next node is tried). */
        STALL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final LongAdder stored = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder deleted = new LongAdder();
    private final LongAdder connections = new LongAdder();
    private final EnumCounters<Stage> errors = new EnumCounters<>(Stage.class);

    public void twinStored() {
        stored.increment();
    }

    public void twinUpdated() {
        updated.increment();
    }

    public void twinDeleted() {
        deleted.increment();
    }

    /** A node was connected (the first connection included). */
    public void connected() {
        connections.increment();
    }

    public void failed(Stage stage) {
        errors.increment(stage);
    }

    public long twinsStored() {
        return stored.sum();
    }

    public long twinsUpdated() {
        return updated.sum();
    }

    public long twinsDeleted() {
        return deleted.sum();
    }

    /** Connections after the first: the reference's successful reconnect cycles. */
    public long reconnects() {
        return Math.max(0, connections.sum() - 1);
    }

    public long errors(Stage stage) {
        return errors.get(stage);
    }
}
