package dev.rmbee.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One session's queue of {@link EmbeddedSessionQueues}: its entries by sequence number, their bytes,
 * how many each sender holds, and when the last one was added. Not thread-safe: the owner touches it
 * only inside its map's {@code compute} for the session.
 *
 * <p>Space is fair between senders: a full queue makes room for a newcomer by dropping the oldest
 * entry of the sender that holds the most, and a newcomer whose sender already holds the most (or
 * as much as anyone) is refused, so one sender's flood cannot push out what others sent.
 */
final class MemoryQueue {

    /** One entry: the envelope, its sender twin (0: the relay, or unknown) and when it was appended. */
    record Stored(byte[] envelope, int sender, long appendedMillis) {}

    final NavigableMap<Long, Stored> entries = new TreeMap<>();
    private final Map<Integer, Integer> perSender = new HashMap<>();
    long bytes;
    long lastAppendMillis;

    void put(long sequence, Stored stored) {
        entries.put(sequence, stored);
        bytes += stored.envelope().length;
        perSender.merge(stored.sender(), 1, Integer::sum);
    }

    /** Removes an entry; null when it is not (or no longer) here. */
    Stored remove(long sequence) {
        Stored stored = entries.remove(sequence);
        if (stored != null) {
            bytes -= stored.envelope().length;
            perSender.merge(stored.sender(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        return stored;
    }

    /**
     * The entry to drop so that one more from {@code sender} fits in a full queue: the oldest of the
     * sender holding the most. Empty when {@code sender} holds at least as many as any other: then
     * the newcomer is refused.
     */
    OptionalLong makeRoomFor(int sender) {
        int own = perSender.getOrDefault(sender, 0);
        int largest = sender;
        int most = own;
        for (Map.Entry<Integer, Integer> held : perSender.entrySet()) {
            if (held.getValue() > most) {
                largest = held.getKey();
                most = held.getValue();
            }
        }
        if (largest == sender) {
            return OptionalLong.empty();
        }
        for (Map.Entry<Long, Stored> entry : entries.entrySet()) {
            if (entry.getValue().sender() == largest) {
                return OptionalLong.of(entry.getKey());
            }
        }
        return OptionalLong.empty();
    }

    void clear() {
        entries.clear();
        perSender.clear();
        bytes = 0;
    }
}
