package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Pacing;
import java.util.concurrent.Semaphore;

/** How a phase sends: windowed (each answer allows the next request) or paced at a fixed rate. */
final class Phase {
    final boolean paced;
    final long start = System.nanoTime();
    final Pacing pacing;
    /** Each client's requests it may send (windowed: its window; paced: granted at their scheduled times). */
    final Semaphore[] credits;
    /** Each client's requests sent before this phase (set when it begins). */
    final long[] base;

    volatile boolean recording;
    volatile boolean stopped;

    private Phase(boolean paced, int clients, int window, double rate) {
        this.paced = paced;
        this.pacing = new Pacing(start, clients, rate);
        this.credits = new Semaphore[clients];
        this.base = new long[clients];
        for (int i = 0; i < clients; i++) {
            credits[i] = new Semaphore(window);
        }
    }

    static Phase windowed(int clients, int window) {
        return new Phase(false, clients, window, 0);
    }

    static Phase paced(int clients, double rate) {
        return new Phase(true, clients, 0, rate);
    }

    double rate() {
        return pacing.rate();
    }

    /** The scheduled send time of client {@code client}'s {@code k}-th paced request. */
    long scheduled(int client, long k) {
        return pacing.scheduled(client, k);
    }

    /** Grants each client its paced requests at their scheduled times, until the phase stops. */
    void pace() {
        pacing.pace(() -> stopped, client -> credits[client].release());
    }
}
