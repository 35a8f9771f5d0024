package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.GcPauses;
import dev.rmbee.bench.load.Samples;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the phases of a {@code run} on its flows: each warms up, is measured (delivered messages,
 * latencies, CPU, GC pauses) and ends quiet, every message sent having arrived.
 */
final class PhaseRunner {
    private final String name;
    private final List<Flow> flows;
    private final RelayCpu cpu;
    /** How long a phase's end waits for its last messages ({@code --drain}, seconds). */
    private final int drainSeconds;
    /** How long the sockets stay open after messages went missing, for a look at the servers ({@code --hold-on-loss}). */
    private final int holdOnLossSeconds;
    /** At most how long the maximum's warm-up goes on for the servers' JIT to settle ({@code --jit-settle}, s). */
    private final double jitSettleSeconds;

    PhaseRunner(
            String name,
            List<Flow> flows,
            RelayCpu cpu,
            int drainSeconds,
            int holdOnLossSeconds,
            double jitSettleSeconds) {
        this.name = name;
        this.flows = flows;
        this.cpu = cpu;
        this.drainSeconds = drainSeconds;
        this.holdOnLossSeconds = holdOnLossSeconds;
        this.jitSettleSeconds = jitSettleSeconds;
    }

    /** As fast as the window allows: each flow keeps {@code window} messages outstanding. */
    Measurement windowed(int window, double warmup, double duration) throws InterruptedException {
        Phase max = Phase.windowed(flows.size());
        flows.forEach(flow -> flow.begin(max));
        flows.forEach(flow -> flow.grant(window));
        sleep(warmup);
        if (jitSettleSeconds > 0) {
            double waited = JitSettle.await(cpu.servers(), jitSettleSeconds);
            RelayLoad.LOG.log("%s max: %.0f s warm-up, then %.0f s for the JIT to settle", name, warmup, waited);
        }
        Measurement result = measure(name + " max", max, 0, duration);
        drain(max);
        return result;
    }

    /** Sends paced at {@code rate} messages/s over all flows and measures. */
    Measurement paced(double rate, double warmup, double duration) throws InterruptedException {
        Phase phase = Phase.paced(flows.size(), rate);
        flows.forEach(flow -> flow.begin(phase));
        Thread pacer = new Thread(
                () -> phase.pacing.pace(
                        () -> phase.stopped, flow -> flows.get(flow).grant(1)),
                "pacer");
        pacer.setDaemon(true);
        pacer.start();
        Measurement result = measure(name + " paced at " + Math.round(rate) + "/s", phase, warmup, duration);
        phase.stopped = true;
        pacer.join();
        drain(phase);
        return result;
    }

    /** Warms up, then measures delivered messages, latencies and CPU over {@code duration}. */
    private Measurement measure(String label, Phase phase, double warmup, double duration) throws InterruptedException {
        sleep(warmup);
        long[] gcBefore = gcPauses();
        RelayCpu.Snapshot before = cpu.snapshot();
        long received0 = received();
        long t0 = System.nanoTime();
        phase.recording = true;
        sleep(duration);
        phase.recording = false;
        long t1 = System.nanoTime();
        long received1 = received();
        RelayCpu.Snapshot after = cpu.snapshot();
        long[] gcAfter = gcPauses();
        Measurement m = new Measurement();
        for (int i = 0; i < 4; i++) {
            m.gc[i] = gcAfter[i] - gcBefore[i];
        }
        m.seconds = (t1 - t0) / 1e9;
        m.messages = received1 - received0;
        m.rate = m.messages / m.seconds;
        long[] samples = Samples.merge(flows.stream().map(flow -> flow.samples).toList());
        m.latencies = Samples.percentiles(samples);
        m.samples = samples.length;
        m.cpu = cpu.usage(before, after);
        RelayLoad.LOG.log(
                "%s: %.0f msgs/s, latency ms %s (%d samples); cpu %s; GC pauses: server %d (%d ms), client %d (%d ms)",
                label, m.rate, Samples.format(m.latencies), m.samples, m.cpu, m.gc[0], m.gc[1], m.gc[2], m.gc[3]);
        flows.forEach(flow -> flow.samples.clear());
        return m;
    }

    private long received() {
        return flows.stream().mapToLong(flow -> flow.received.get()).sum();
    }

    /** Stop-the-world GC pauses so far: {servers' count, servers' ms (summed), this client's count, ms}. */
    private long[] gcPauses() throws InterruptedException {
        long[] result = new long[4];
        for (long server : cpu.servers()) {
            long[] pauses = GcPauses.of(server, RelayLoad.LOG);
            result[0] += pauses[0];
            result[1] += pauses[1];
        }
        long[] own = GcPauses.ofThisJvm();
        result[2] = own[0];
        result[3] = own[1];
        return result;
    }

    /** Stops sending and waits until every sent message has arrived; an exception if some never do. */
    private void drain(Phase phase) throws InterruptedException {
        phase.stopped = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < deadline) {
            if (flows.stream().allMatch(flow -> flow.quiet() && !flow.sending.get())) {
                Thread.sleep(100);
                if (flows.stream().allMatch(Flow::quiet)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        String message = name + ": " + missing() + " within " + drainSeconds + " s: " + lacking();
        if (holdOnLossSeconds > 0) {
            RelayLoad.LOG.log("%s; holding the sockets open for %d s", message, holdOnLossSeconds);
            Thread.sleep(holdOnLossSeconds * 1000L);
        }
        throw new IllegalStateException(message);
    }

    private String missing() {
        long missing = flows.stream()
                .mapToLong(flow -> flow.sentCount.get() - flow.received.get())
                .sum();
        return missing + " messages did not arrive";
    }

    /** The flows whose messages did not all arrive: how many, and their sockets' close reasons. */
    private String lacking() {
        StringBuilder which = new StringBuilder();
        for (Flow flow : flows) {
            long lacking = flow.sentCount.get() - flow.received.get();
            if (lacking > 0) {
                which.append(which.length() == 0 ? "" : ", ")
                        .append(lacking)
                        .append(" of ")
                        .append(flow.sender)
                        .append(" -> ")
                        .append(flow.receiver)
                        .append(" (sent ")
                        .append(flow.sentCount.get())
                        .append(", received ")
                        .append(flow.received.get())
                        .append(flow.closeReasons.isEmpty() ? "" : "; " + String.join("; ", flow.closeReasons))
                        .append(')');
            }
        }
        return which.toString();
    }

    static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
