package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Samples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Result of one measured phase. */
final class Measurement {
    double seconds;
    long requests;
    double rate;
    double[] latencies;
    int samples;
    Processes.Usage cpu;
    long[] gc;
    List<String> gcNames;
    String loadAverage;
    double warmup;
    final Map<String, Long> redisCommands = new LinkedHashMap<>();
    long retransmits;

    String gcText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < gcNames.size(); i++) {
            text.append(i == 0 ? "" : ", ")
                    .append(gcNames.get(i))
                    .append(' ')
                    .append(gc[2 * i])
                    .append(" (")
                    .append(gc[2 * i + 1])
                    .append(" ms)");
        }
        return text.toString();
    }

    void store(Properties into, String prefix) {
        into.setProperty(prefix + ".rate", String.format(Locale.ROOT, "%.0f", rate));
        into.setProperty(prefix + ".requests", Long.toString(requests));
        into.setProperty(prefix + ".samples", Integer.toString(samples));
        Samples.store(latencies, into, prefix);
        storeCpu(into, prefix);
        for (int i = 0; i < gcNames.size(); i++) {
            into.setProperty(prefix + ".gc." + gcNames.get(i), gc[2 * i] + " (" + gc[2 * i + 1] + " ms)");
        }
        into.setProperty(prefix + ".loadavg", loadAverage);
        into.setProperty(prefix + ".warmup", String.format(Locale.ROOT, "%.0f", warmup));
        into.setProperty(prefix + ".tcp.retransmits", Long.toString(retransmits));
        storeRedisCommands(into, prefix);
    }

    /** Each process's CPU (% of a core, µs per request), the JVMs' thread groups', the rest of the machine's. */
    private void storeCpu(Properties into, String prefix) {
        for (Map.Entry<String, Double> entry : cpu.percent().entrySet()) {
            into.setProperty(prefix + ".cpu." + entry.getKey(), String.format(Locale.ROOT, "%.0f", entry.getValue()));
            into.setProperty(
                    prefix + ".us." + entry.getKey(),
                    String.format(
                            Locale.ROOT, "%.0f", cpu.seconds().get(entry.getKey()) / Math.max(1, requests) * 1e6));
        }
        cpu.jit()
                .forEach((name, value) ->
                        into.setProperty(prefix + ".jit." + name, String.format(Locale.ROOT, "%.0f", value)));
        cpu.gc()
                .forEach((name, value) ->
                        into.setProperty(prefix + ".gcthreads." + name, String.format(Locale.ROOT, "%.0f", value)));
        cpu.system()
                .forEach((name, value) ->
                        into.setProperty(prefix + ".sys." + name, String.format(Locale.ROOT, "%.1f", value)));
        cpu.threads().forEach((name, groups) -> {
            for (int g = 0; g < groups.length; g++) {
                into.setProperty(
                        prefix + ".threads." + name + "." + ThreadGroups.NAMES[g],
                        String.format(Locale.ROOT, "%.1f", groups[g]));
            }
        });
        into.setProperty(prefix + ".cpu.others", String.format(Locale.ROOT, "%.0f", cpu.others()));
        into.setProperty(prefix + ".cpu.idle", String.format(Locale.ROOT, "%.0f", cpu.idle()));
    }

    /** Redis's commands per request, the most frequent first, and their sum. */
    private void storeRedisCommands(Properties into, String prefix) {
        StringBuilder commands = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> entry : redisCommands.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(MachineCounters.ROUND_TRIPS))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .toList()) {
            total += entry.getValue();
            commands.append(commands.length() == 0 ? "" : ", ")
                    .append(entry.getKey())
                    .append(' ')
                    .append(String.format(Locale.ROOT, "%.2f", entry.getValue() / (double) Math.max(1, requests)));
        }
        into.setProperty(prefix + ".redis.commands", commands.toString());
        into.setProperty(
                prefix + ".redis.commands.per.request",
                String.format(Locale.ROOT, "%.1f", total / (double) Math.max(1, requests)));
        into.setProperty(
                prefix + ".redis.round.trips.per.request",
                String.format(
                        Locale.ROOT,
                        "%.1f",
                        redisCommands.getOrDefault(MachineCounters.ROUND_TRIPS, 0L) / (double) Math.max(1, requests)));
    }
}
