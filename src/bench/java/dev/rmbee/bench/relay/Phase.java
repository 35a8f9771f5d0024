package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Pacing;

/** How a phase sends: windowed (each arrival grants the next send) or paced at a fixed rate. */
final class Phase {
    final boolean paced;
    final Pacing pacing;
    final long start = System.nanoTime();
    volatile boolean recording;
    volatile boolean stopped;

    private Phase(boolean paced, int flows, double rate) {
        this.paced = paced;
        this.pacing = new Pacing(start, flows, rate);
    }

    static Phase windowed(int flows) {
        return new Phase(false, flows, 0);
    }

    static Phase paced(int flows, double rate) {
        return new Phase(true, flows, rate);
    }

    double rate() {
        return pacing.rate();
    }

    /** The scheduled send time of a flow's {@code k}-th paced message. */
    long scheduled(int flow, long k) {
        return pacing.scheduled(flow, k);
    }
}
