package dev.rmbee.relay.budget;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts the bytes of the envelopes queued in the relay's memory and refuses what does not fit.
 * Every queued envelope is charged to its destination twin and its sender (source) twin, and is
 * refused when it would take past one of:
 *
 * <ul>
 *   <li>the relay's total ({@code relay out of queue space});
 *   <li>its destination twin's share, all sessions of the twin together ({@code queue full for twin
 *       <d>});
 *   <li>its sender's share, all destinations together ({@code queue full: too much waiting from twin
 *       <s>});
 *   <li>half of the destination's share for one sender, so that one sender's flood leaves the other
 *       half of a twin's space to everyone else ({@code queue full for twin <d>: too much waiting from
 *       twin <s>}).
 * </ul>
 *
 * The relay's own envelopes (sender 0: its error replies) are charged to the total and the
 * destination only. Charges are returned with {@link #release} when the envelope leaves the queue.
 * Thread-safe; each call holds one lock for a few map operations.
 */
public final class QueueBudget {

    /** The relay as a sender: its own error envelopes. */
    public static final int RELAY = 0;

    /**
     * The bounds, in bytes.
     *
     * @param total everything queued in memory
     * @param perDestination queued for one destination twin
     * @param perSender queued from one sender twin
     */
    public record Limits(long total, long perDestination, long perSender) {

        /** Default share of the heap: a quarter of {@code -Xmx}. */
        public static final int HEAP_DIVISOR = 4;

        /** Default share of one twin (destination or sender): a quarter of the total. */
        public static final int SHARE_DIVISOR = 4;

        public Limits {
            if (total < 1 || perDestination < 1 || perSender < 1) {
                throw new IllegalArgumentException("queue budget limits must be at least 1 byte");
            }
        }

        /** A total with the default shares ({@value #SHARE_DIVISOR}th each). */
        public static Limits ofTotal(long total) {
            return new Limits(total, total / SHARE_DIVISOR, total / SHARE_DIVISOR);
        }

        /** The default total: the {@value #HEAP_DIVISOR}th part of the largest heap the JVM may use. */
        public static long defaultTotal(long maxMemory) {
            return Math.max(1, maxMemory / HEAP_DIVISOR);
        }

        /** What one sender may hold for one destination: half of the destination's share. */
        public long perPair() {
            return Math.max(1, perDestination / 2);
        }
    }

    private final Limits limits;
    private final Object lock = new Object();
    // all guarded by lock; a twin or pair without queued bytes has no entry
    private long used;
    private final Map<Integer, Long> byDestination = new HashMap<>();
    private final Map<Integer, Long> bySender = new HashMap<>();
    private final Map<Long, Long> byPair = new HashMap<>();

    public QueueBudget(Limits limits) {
        this.limits = limits;
    }

    /** A budget nothing exceeds (the Redis backends, tests). */
    public static QueueBudget unlimited() {
        return new QueueBudget(new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    public Limits limits() {
        return limits;
    }

    /**
     * Charges {@code bytes} for an envelope from {@code sender} to {@code destination}.
     *
     * @throws QueueFullException when it does not fit; then nothing is charged
     */
    public void reserve(int destination, int sender, long bytes) {
        synchronized (lock) {
            String refusal = refusal(destination, sender, bytes);
            if (refusal != null) {
                throw new QueueFullException(refusal);
            }
            add(destination, sender, bytes);
        }
    }

    /** Returns the charge of an envelope that left the queue. */
    public void release(int destination, int sender, long bytes) {
        synchronized (lock) {
            add(destination, sender, -bytes);
        }
    }

    /** Bytes charged in all. */
    public long used() {
        synchronized (lock) {
            return used;
        }
    }

    /** Bytes charged to a destination twin. */
    public long usedFor(int destination) {
        synchronized (lock) {
            return byDestination.getOrDefault(destination, 0L);
        }
    }

    /** Bytes charged to a sender twin ({@link #RELAY} is not counted). */
    public long usedFrom(int sender) {
        synchronized (lock) {
            return bySender.getOrDefault(sender, 0L);
        }
    }

    // guarded by lock; null when it fits
    private String refusal(int destination, int sender, long bytes) {
        if (used + bytes > limits.total()) {
            return "relay out of queue space";
        }
        if (byDestination.getOrDefault(destination, 0L) + bytes > limits.perDestination()) {
            return "queue full for twin " + destination;
        }
        if (sender == RELAY) {
            return null;
        }
        if (bySender.getOrDefault(sender, 0L) + bytes > limits.perSender()) {
            return "queue full: too much waiting from twin " + sender;
        }
        if (byPair.getOrDefault(pair(destination, sender), 0L) + bytes > limits.perPair()) {
            return "queue full for twin " + destination + ": too much waiting from twin " + sender;
        }
        return null;
    }

    // guarded by lock
    private void add(int destination, int sender, long bytes) {
        used += bytes;
        byDestination.merge(destination, bytes, QueueBudget::sumOrNothing);
        if (sender != RELAY) {
            bySender.merge(sender, bytes, QueueBudget::sumOrNothing);
            byPair.merge(pair(destination, sender), bytes, QueueBudget::sumOrNothing);
        }
    }

    /** The sum, or null (the entry goes) when nothing is left. */
    private static Long sumOrNothing(Long a, Long b) {
        long sum = a + b;
        return sum == 0 ? null : sum;
    }

    private static long pair(int destination, int sender) {
        return ((long) destination << 32) | (sender & 0xffffffffL);
    }
}
