package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.GcPauses;
import dev.rmbee.bench.load.ProcStat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of the processes of the benchmark (this one is "load") and of the whole machine, from
 * /proc; GC pauses of the JVMs among them from {@code jstat}.
 */
final class Processes {
    private final Map<String, Long> pids;
    private final List<String> jvms = new ArrayList<>();

    Processes(Map<String, Long> pids) {
        this.pids = pids;
        pids.put("load", ProcessHandle.current().pid());
    }

    void add(String name, long pid, boolean jvm) {
        if (pid > 0) {
            pids.put(name, pid);
            if (jvm) {
                jvms.add(name);
            }
        }
    }

    List<String> jvmNames() {
        return List.copyOf(jvms);
    }

    /**
     * CPU seconds so far: per process (user + system, and system alone), and per JVM and
     * thread group ({@link ThreadGroups}).
     */
    record Snapshot(
            long nanos,
            Map<String, Double> seconds,
            Map<String, Double> system,
            Map<String, double[]> threads,
            long idleTicks,
            long allTicks) {}

    /**
     * Percent of one core per process (and of it in the kernel), the rest of the machine
     * ("others") and its idle share; per JVM the percent of one core of each thread group.
     */
    record Usage(
            Map<String, Double> percent,
            Map<String, Double> seconds,
            Map<String, Double> system,
            Map<String, double[]> threads,
            double others,
            double idle) {

        Map<String, Double> jit() {
            return groupPercent(ThreadGroups.JIT);
        }

        Map<String, Double> gc() {
            return groupPercent(ThreadGroups.GC);
        }

        private Map<String, Double> groupPercent(int group) {
            Map<String, Double> result = new LinkedHashMap<>();
            threads.forEach((name, groups) -> result.put(name, groups[group]));
            return result;
        }
    }

    Snapshot snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> system = new LinkedHashMap<>();
        Map<String, double[]> threads = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            double[] times = ProcStat.processSeconds(pid);
            seconds.put(name, times[0] + times[1]);
            system.put(name, times[1]);
        });
        for (String name : jvms) {
            threads.put(name, ThreadGroups.seconds(pids.get(name)));
        }
        long[] machine = ProcStat.machineTicks();
        return new Snapshot(System.nanoTime(), seconds, system, threads, machine[0], machine[1]);
    }

    Usage usage(Snapshot a, Snapshot b) {
        double wall = (b.nanos() - a.nanos()) / 1e9;
        Map<String, Double> percent = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Double> system = new LinkedHashMap<>();
        Map<String, double[]> threads = new LinkedHashMap<>();
        double sum = 0;
        for (String name : pids.keySet()) {
            double used = b.seconds().get(name) - a.seconds().get(name);
            seconds.put(name, used);
            percent.put(name, 100 * used / wall);
            system.put(name, 100 * (b.system().get(name) - a.system().get(name)) / wall);
            sum += 100 * used / wall;
        }
        for (String name : jvms) {
            double[] before = a.threads().get(name);
            double[] after = b.threads().get(name);
            double[] groups = new double[ThreadGroups.NAMES.length];
            for (int g = 0; g < ThreadGroups.NAMES.length; g++) {
                groups[g] = Math.max(0, 100 * (after[g] - before[g]) / wall);
            }
            threads.put(name, groups);
        }
        long all = b.allTicks() - a.allTicks();
        double idle = all == 0 ? Double.NaN : 100.0 * (b.idleTicks() - a.idleTicks()) / all;
        double busy = (100 - idle) * Runtime.getRuntime().availableProcessors();
        return new Usage(percent, seconds, system, threads, Math.max(0, busy - sum), idle);
    }

    String describe(Usage usage) {
        StringBuilder text = new StringBuilder();
        usage.percent()
                .forEach((name, value) -> text.append(name)
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%.0f", value))
                        .append(", "));
        text.append(String.format(
                Locale.ROOT,
                "others %.0f, machine idle %.0f; of which JIT / GC threads:",
                usage.others(),
                usage.idle()));
        usage.jit()
                .forEach((name, value) -> text.append(' ')
                        .append(name)
                        .append(' ')
                        .append(String.format(
                                Locale.ROOT, "%.0f / %.0f", value, usage.gc().get(name))));
        return text.toString();
    }

    /** {count, ms} of stop-the-world pauses per JVM, in {@link #jvmNames()} order. */
    long[] gcPauses() throws InterruptedException {
        long[] result = new long[2 * jvms.size()];
        for (int i = 0; i < jvms.size(); i++) {
            long[] pauses = GcPauses.of(pids.get(jvms.get(i)), PeerLoad.LOG);
            result[2 * i] = pauses[0];
            result[2 * i + 1] = pauses[1];
        }
        return result;
    }
}
