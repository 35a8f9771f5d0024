package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.ProcStat;
import dev.rmbee.bench.load.Samples;
import java.util.Arrays;
import java.util.Map;

/**
 * Measures a phase of the {@link LocalPrograms}: warms up (fresh JVMs: until their JIT compilers
 * are quiet, within a limit), then answered requests, latencies, CPU of every process, GC pauses,
 * Redis commands and TCP retransmissions over the measured seconds.
 */
final class PhaseMeasure {
    private final LocalPrograms programs;
    private final Processes processes;
    private final MachineCounters counters;
    /** Beyond the fixed warm-up, wait at most this long for every JVM's JIT threads to use less than jitQuiet %. */
    private final double warmupLimit;

    private final double jitQuiet;

    PhaseMeasure(LocalPrograms programs, Processes processes, double warmupLimit, double jitQuiet) {
        this.programs = programs;
        this.processes = processes;
        this.counters = new MachineCounters(programs.redisPort);
        this.warmupLimit = warmupLimit;
        this.jitQuiet = jitQuiet;
    }

    /** Starts {@code next}, warms up, then measures answered requests, latencies and CPU. */
    Measurement measure(String label, Phase next, double warmup, double duration) throws InterruptedException {
        programs.begin(next);
        sleep(warmup);
        double settled = awaitQuietJit(label);
        long[] gcBefore = processes.gcPauses();
        Map<String, Long> commandsBefore = counters.redisCommands();
        long retransmitsBefore = MachineCounters.tcpRetransmits();
        Processes.Snapshot before = processes.snapshot();
        long answered0 = programs.answered();
        long t0 = System.nanoTime();
        next.recording = true;
        sleep(duration);
        next.recording = false;
        long t1 = System.nanoTime();
        long answered1 = programs.answered();
        Processes.Snapshot after = processes.snapshot();
        Map<String, Long> commandsAfter = counters.redisCommands();
        long retransmits = MachineCounters.tcpRetransmits() - retransmitsBefore;
        long[] gcAfter = processes.gcPauses();
        Measurement m = new Measurement();
        m.seconds = (t1 - t0) / 1e9;
        m.requests = answered1 - answered0;
        m.rate = m.requests / m.seconds;
        long[] samples = Samples.merge(
                Arrays.stream(programs.clients).map(client -> client.samples).toList());
        m.latencies = Samples.percentiles(samples);
        m.samples = samples.length;
        m.cpu = processes.usage(before, after);
        m.gc = new long[gcAfter.length];
        for (int i = 0; i < gcAfter.length; i++) {
            m.gc[i] = gcAfter[i] - gcBefore[i];
        }
        m.gcNames = processes.jvmNames();
        commandsAfter.forEach((command, calls) -> {
            long delta = calls - commandsBefore.getOrDefault(command, 0L);
            if (delta > 0) {
                m.redisCommands.put(command, delta);
            }
        });
        m.loadAverage = ProcStat.loadAverage();
        m.warmup = warmup + settled;
        m.retransmits = retransmits;
        log(label, m);
        for (Client client : programs.clients) {
            client.samples.clear();
        }
        return m;
    }

    /**
     * Fresh JVMs at a few hundred requests/s keep their JIT compilers busy for a while: waits, 3 s at
     * a time and at most {@code warmupLimit} s, until every JVM's use less than {@code jitQuiet} % of
     * a core. Returns the seconds waited.
     */
    private double awaitQuietJit(String label) {
        double settled = 0;
        while (settled < warmupLimit) {
            Processes.Snapshot a = processes.snapshot();
            sleep(3);
            Map<String, Double> jit = processes.usage(a, processes.snapshot()).jit();
            settled += 3;
            if (jit.values().stream().allMatch(percent -> percent < jitQuiet)) {
                break;
            }
            PeerLoad.LOG.log("%s: still warming up, JIT compiler threads (%% of a core): %s", label, jit);
        }
        return settled;
    }

    private void log(String label, Measurement m) {
        PeerLoad.LOG.log(
                "%s: %.0f requests/s, latency ms %s (%d samples); CPU %% %s; GC pauses %s; TCP segments retransmitted "
                        + "on the machine %d; load average %s",
                label,
                m.rate,
                Samples.format(m.latencies),
                m.samples,
                processes.describe(m.cpu),
                m.gcText(),
                m.retransmits,
                m.loadAverage);
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
