package dev.rmbee.peer;

/**
 * Which take a {@link LocalQueueDrain} sends next: a non-blocking take of several items ({@code
 * true} from {@link #several}) or a blocking take of one. Several while takes come back full (more
 * may wait) and at the start (what programs pushed meanwhile); one once a take of several found
 * fewer than it asked for. A blocking take that found an item may have left others behind, but at
 * low and moderate load it usually did not, and asking costs a round trip that finds nothing: so
 * only every {@code gap}-th blocking take that found an item is followed by a take of several (a
 * probe). A probe that finds nothing doubles the gap (up to {@value #MAX_GAP}); one that finds
 * something, or a full take, sets it back to 1. Under load items are never held back: a blocking
 * take returns at once while items wait, and within {@value #MAX_GAP} of them a probe starts
 * batching again. Not thread-safe: the drain calls it under its lock.
 */
final class TakeRule {

    /** The most blocking takes that found an item in a row before a probe. */
    static final int MAX_GAP = 16;

    private boolean several = true;
    private boolean probing;
    private int gap = 1;
    /** Blocking takes that found an item since the last take of several. */
    private int found;

    /** Whether the next take asks for several items without blocking. */
    boolean several() {
        return several;
    }

    /** The gap between probes now (for tests). */
    int gap() {
        return gap;
    }

    /** A take of several asked for {@code asked} items and got {@code got}. */
    void tookSeveral(int asked, int got) {
        if (got >= asked) {
            gap = 1;
        } else if (probing) {
            gap = got == 0 ? Math.min(2 * gap, MAX_GAP) : 1;
        }
        several = got >= asked;
        probing = false;
        found = 0;
    }

    /** A blocking take came back, with an item or empty (its timeout). */
    void tookOne(boolean item) {
        if (!item) {
            several = false;
            return;
        }
        found++;
        if (found >= gap) {
            several = true;
            probing = true;
        }
    }
}
