package dev.rmbee.relay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The bookkeeping of confirmation by pong on one connection: the envelopes written and not yet
 * confirmed, in order, and the one confirmation ping in flight. A ping's payload is the count of
 * envelopes written before it; its pong confirms them. Thread-safe: writes complete, pongs arrive
 * and the liveness sweep looks on different threads.
 */
final class PongConfirmations {

    /** A written envelope waiting for the pong that confirms it. */
    private record Written(long sequence, Consumer<Throwable> done) {}

    private final Deque<Written> written = new ArrayDeque<>();
    private long writtenCount;
    private boolean pingInFlight;
    // a ping waits in the send queue behind envelopes before it is written: only from its writing
    // on does its pong count as late
    private boolean pingWritten;
    private long pingSentNanos;

    /**
     * An envelope was written: it waits for a pong.
     *
     * @return true when no ping is in flight, so one is to be queued now
     */
    synchronized boolean written(Consumer<Throwable> done) {
        written.add(new Written(++writtenCount, done));
        if (pingInFlight) {
            return false;
        }
        pingInFlight = true;
        pingWritten = false;
        return true;
    }

    /** The confirmation ping is being written at {@code nowNanos}: returns the count its payload carries. */
    synchronized long pingWriting(long nowNanos) {
        pingWritten = true;
        pingSentNanos = nowNanos;
        return writtenCount;
    }

    /**
     * A pong for the ping that carried {@code upTo}: moves the envelopes it confirms to {@code confirmed}.
     *
     * @return true when envelopes written after that ping still wait, so another ping is to be queued
     */
    synchronized boolean pong(long upTo, List<Consumer<Throwable>> confirmed) {
        while (!written.isEmpty() && written.peekFirst().sequence() <= upTo) {
            confirmed.add(written.pollFirst().done());
        }
        boolean again = !written.isEmpty();
        pingInFlight = again;
        pingWritten = false;
        return again;
    }

    /**
     * True when a confirmation ping was written longer than {@code timeoutNanos} ago and its pong
     * has not come. A ping still queued behind envelopes is not late.
     */
    synchronized boolean isOverdue(long nowNanos, long timeoutNanos) {
        return pingInFlight && pingWritten && nowNanos - pingSentNanos > timeoutNanos;
    }

    /** The connection is gone: returns what waited for a pong (to be failed), forgetting it. */
    synchronized List<Consumer<Throwable>> drop() {
        List<Consumer<Throwable>> unconfirmed = new ArrayList<>(written.size());
        written.forEach(entry -> unconfirmed.add(entry.done()));
        written.clear();
        return unconfirmed;
    }
}
