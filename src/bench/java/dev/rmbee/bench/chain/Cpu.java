package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.ProcStat;
import java.util.Locale;
import java.util.Properties;

/**
 * CPU seconds of the relay server, the chain node and this client from /proc, and the machine's
 * idle ticks, at one moment; {@link #store} writes what was used between two of them.
 */
record Cpu(long nanos, double server, double node, double client, long idleTicks, long allTicks) {

    static Cpu now(long serverPid, long nodePid) {
        long[] machine = ProcStat.machineTicks();
        return new Cpu(
                System.nanoTime(),
                seconds(serverPid),
                seconds(nodePid),
                seconds(ProcessHandle.current().pid()),
                machine[0],
                machine[1]);
    }

    /**
     * Stores {@code prefix.cpu.server|node|client|others} (% of one core), {@code prefix.cpu.idle}
     * (% of the machine) and the server's and node's CPU µs per {@code count} (attempts, upgrades).
     */
    void store(Cpu end, long count, Properties into, String prefix) {
        double wall = (end.nanos - nanos) / 1e9;
        long all = end.allTicks - allTicks;
        double idle = all == 0 ? Double.NaN : 100.0 * (end.idleTicks - idleTicks) / all;
        double busy = (100 - idle) * Runtime.getRuntime().availableProcessors();
        double serverPercent = 100 * (end.server - server) / wall;
        double nodePercent = 100 * (end.node - node) / wall;
        double clientPercent = 100 * (end.client - client) / wall;
        put(into, prefix + ".cpu.server", "%.0f", serverPercent);
        put(into, prefix + ".cpu.node", "%.0f", nodePercent);
        put(into, prefix + ".cpu.client", "%.0f", clientPercent);
        put(into, prefix + ".cpu.others", "%.0f", Math.max(0, busy - serverPercent - nodePercent - clientPercent));
        put(into, prefix + ".cpu.idle", "%.0f", idle);
        put(into, prefix + ".server.us.each", "%.1f", (end.server - server) / Math.max(1, count) * 1e6);
        put(into, prefix + ".node.us.each", "%.1f", (end.node - node) / Math.max(1, count) * 1e6);
        put(into, prefix + ".client.us.each", "%.1f", (end.client - client) / Math.max(1, count) * 1e6);
    }

    private static void put(Properties into, String key, String format, double value) {
        into.setProperty(key, String.format(Locale.ROOT, format, value));
    }

    private static double seconds(long pid) {
        double[] seconds = ProcStat.processSeconds(pid);
        return seconds[0] + seconds[1];
    }
}
