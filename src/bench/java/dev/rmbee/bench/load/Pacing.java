package dev.rmbee.bench.load;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Paced sending: messages spread evenly over time and over {@code senders}, at {@code rate} per
 * second from {@code start} ({@link System#nanoTime()}). The {@code g}-th message overall is sender
 * {@code g % senders}'s, due at {@code start + g / rate}; latencies are measured from that scheduled
 * time, so whatever falls behind is charged for it.
 */
public record Pacing(long start, int senders, double rate) {

    /** The scheduled send time of sender {@code sender}'s {@code k}-th message. */
    public long scheduled(int sender, long k) {
        return start + (long) ((k * senders + sender) * 1e9 / rate);
    }

    /** Grants each message to its sender ({@code grant}) at its scheduled time, until {@code stopped}. */
    public void pace(BooleanSupplier stopped, IntConsumer grant) {
        long g = 0;
        while (!stopped.getAsBoolean()) {
            long due = (long) ((System.nanoTime() - start) * rate / 1e9);
            while (g <= due) {
                grant.accept((int) (g % senders));
                g++;
            }
            long wait = start + (long) (g * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
