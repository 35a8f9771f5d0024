package dev.rmbee.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of the messages a connection accepted and has not yet written (nor failed), and the
 * bound a reply nobody waits for must fit under: such a reply is taken while it fits with what
 * waits, or when nothing waits (so that one reply of any size still goes out).
 */
final class UnwrittenBytes {

    private final AtomicLong bytes = new AtomicLong();
    private final long max;

    UnwrittenBytes(long max) {
        this.max = max;
    }

    /** Counts a message that is always taken (a delivery: the delivery window bounds those). */
    void add(long size) {
        bytes.addAndGet(size);
    }

    /** Counts a message if it fits; false (nothing counted) when it does not. */
    boolean tryAdd(long size) {
        long before;
        do {
            before = bytes.get();
            if (before > 0 && before + size > max) {
                return false;
            }
        } while (!bytes.compareAndSet(before, before + size));
        return true;
    }

    /** A message was written, or failed. */
    void remove(long size) {
        bytes.addAndGet(-size);
    }

    long get() {
        return bytes.get();
    }
}
