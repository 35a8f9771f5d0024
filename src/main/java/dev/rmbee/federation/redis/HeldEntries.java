package dev.rmbee.federation.redis;

import static dev.rmbee.federation.redis.RedisFederationQueue.FIELD;
import static dev.rmbee.federation.redis.RedisFederationQueue.STREAM;

import dev.rmbee.federation.FederationEntry;
import dev.rmbee.redis.StreamIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.redisson.api.stream.StreamMessageId;

/**
 * The entries this instance holds: taken and not yet acknowledged or handed back, or waiting for
 * their retry. Only this instance's memory knows when a retry is due; Redis knows only that the
 * entry is pending for the worker's consumer.
 */
final class HeldEntries {

    private static final Logger LOG = Logger.getLogger(RedisFederationQueue.class.getName());

    /** What this instance knows of an entry it holds (compared by identity). */
    static final class Held {
        final int worker;
        final long deliveries;
        /** Set while the entry waits for its retry (nanoTime): when it was handed back, when it is due. */
        final long releasedNanos;

        final long dueNanos;
        final boolean waiting;

        Held(int worker, long deliveries, boolean waiting, long releasedNanos, long dueNanos) {
            this.worker = worker;
            this.deliveries = deliveries;
            this.waiting = waiting;
            this.releasedNanos = releasedNanos;
            this.dueNanos = dueNanos;
        }

        static Held taken(int worker, long deliveries) {
            return new Held(worker, deliveries, false, 0, 0);
        }
    }

    private final FederationStream stream;
    private final ConcurrentMap<StreamMessageId, Held> held = new ConcurrentHashMap<>();
    /** How many of {@link #held} wait for their retry: the takes look for due ones only when some do. */
    private final AtomicInteger waiting = new AtomicInteger();

    /** @param stream acknowledges and deletes the entries that are no relay's */
    HeldEntries(FederationStream stream) {
        this.stream = stream;
    }

    /**
     * Entries as handed to the worker, marked as held; entries without the {@code msg} field
     * (not written by a relay) are acknowledged and deleted.
     */
    List<FederationEntry> handOut(
            int worker, Map<StreamMessageId, Map<String, byte[]>> entries, Map<StreamMessageId, Long> deliveries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<StreamMessageId> ids = new ArrayList<>(entries.keySet());
        ids.sort(StreamIds.ORDER);
        List<FederationEntry> result = new ArrayList<>(ids.size());
        for (StreamMessageId id : ids) {
            Map<String, byte[]> fields = entries.get(id);
            byte[] envelope = fields == null ? null : fields.get(FIELD);
            if (envelope == null) {
                LOG.warning(() -> "federation: dropping entry " + id + " of " + STREAM + " without field " + FIELD);
                changed(held.remove(id), null);
                stream.ackAndDelete(List.of(id));
                continue;
            }
            long count = Math.max(1, deliveries.getOrDefault(id, 1L));
            changed(held.put(id, Held.taken(worker, count)), null);
            result.add(new FederationEntry(StreamIds.format(id), envelope, worker, count));
        }
        return result;
    }

    /** The entry waits for its retry, due after {@code delay}. */
    void release(StreamMessageId id, FederationEntry entry, Duration delay) {
        long now = System.nanoTime();
        long due = now + Math.max(0, delay.toNanos());
        held.compute(id, (key, state) -> {
            Held released =
                    new Held(entry.worker(), state == null ? entry.deliveries() : state.deliveries, true, now, due);
            changed(state, released);
            return released;
        });
    }

    /** A pending entry of the worker's consumer from an earlier run: due now, unless already held. */
    void recovered(StreamMessageId id, int worker, long deliveries, long now) {
        Held recovered = new Held(worker, deliveries, true, now, now);
        if (held.putIfAbsent(id, recovered) == null) {
            changed(null, recovered);
        }
    }

    /** The worker's entries whose retry is due at {@code now}, oldest id first. */
    List<Map.Entry<StreamMessageId, Held>> due(int worker, long now) {
        List<Map.Entry<StreamMessageId, Held>> due = new ArrayList<>();
        if (waiting.get() == 0) {
            return due;
        }
        for (Map.Entry<StreamMessageId, Held> entry : held.entrySet()) {
            Held state = entry.getValue();
            if (state.worker == worker && state.waiting && now - state.dueNanos >= 0) {
                due.add(entry);
            }
        }
        due.sort(Map.Entry.comparingByKey(StreamIds.ORDER));
        return due;
    }

    /** Nanoseconds from {@code now} until the worker's next retry falls due, at most {@code limit}. */
    long untilNextDue(int worker, long now, long limit) {
        long nanos = limit;
        if (waiting.get() == 0) {
            return nanos;
        }
        for (Held state : held.values()) {
            if (state.worker == worker && state.waiting) {
                nanos = Math.min(nanos, Math.max(0, state.dueNanos - now));
            }
        }
        return nanos;
    }

    boolean holds(StreamMessageId id) {
        return held.containsKey(id);
    }

    boolean replace(StreamMessageId id, Held expected, Held replacement) {
        if (!held.replace(id, expected, replacement)) {
            return false;
        }
        changed(expected, replacement);
        return true;
    }

    void remove(StreamMessageId id) {
        changed(held.remove(id), null);
    }

    void remove(StreamMessageId id, Held expected) {
        if (held.remove(id, expected)) {
            changed(expected, null);
        }
    }

    /** Counts an entry's change from {@code before} to {@code after} (null: not held) in {@link #waiting}. */
    private void changed(Held before, Held after) {
        int delta = (after != null && after.waiting ? 1 : 0) - (before != null && before.waiting ? 1 : 0);
        if (delta != 0) {
            waiting.addAndGet(delta);
        }
    }

    /** Entries waiting for their retry (for tests). */
    int waitingCount() {
        return waiting.get();
    }
}
