package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.ProcStat;
import java.util.Arrays;
import java.util.Locale;

/** CPU time of the processes involved and of the whole machine, from /proc. */
final class RelayCpu {
    /** The relay servers (two for federation) and the Redis servers. */
    private final long[] servers;

    private final long[] redis;

    RelayCpu(long[] servers, long[] redis) {
        this.servers = servers;
        this.redis = redis;
    }

    /** CPU seconds so far: this client, each server, all Redis servers together. */
    record Snapshot(long nanos, double client, double[] servers, double redis, long idleTicks, long allTicks) {
        double server() {
            return Arrays.stream(servers).sum();
        }
    }

    /**
     * Percentages of one core (the machine has {@code cores} times 100 %); {@code server} is all
     * relay servers together, {@code serverEach} each one's; {@code others} is what other
     * processes used, {@code idle} the machine's idle share.
     */
    record Usage(
            double client,
            double server,
            double redis,
            double others,
            double idle,
            double serverSeconds,
            double redisSeconds,
            double[] serverEach,
            double[] serverSecondsEach) {
        @Override
        public String toString() {
            StringBuilder each = new StringBuilder();
            if (serverEach.length > 1) {
                for (int i = 0; i < serverEach.length; i++) {
                    each.append(i == 0 ? " (" : " + ").append(String.format(Locale.ROOT, "%.0f", serverEach[i]));
                }
                each.append(')');
            }
            return String.format(
                    Locale.ROOT,
                    "server %.0f%%%s, client %.0f%%, redis %.0f%%, other processes %.0f%%, machine idle %.0f%%",
                    server,
                    each,
                    client,
                    redis,
                    others,
                    idle);
        }
    }

    long[] servers() {
        return servers.clone();
    }

    Snapshot snapshot() {
        long[] machine = ProcStat.machineTicks();
        double[] each = new double[servers.length];
        for (int i = 0; i < servers.length; i++) {
            each[i] = processSeconds(servers[i]);
        }
        double redisSeconds = 0;
        for (long pid : redis) {
            redisSeconds += processSeconds(pid);
        }
        return new Snapshot(
                System.nanoTime(),
                processSeconds(ProcessHandle.current().pid()),
                each,
                redisSeconds,
                machine[0],
                machine[1]);
    }

    Usage usage(Snapshot a, Snapshot b) {
        double wall = (b.nanos() - a.nanos()) / 1e9;
        long all = b.allTicks() - a.allTicks();
        double idle = all == 0 ? Double.NaN : 100.0 * (b.idleTicks() - a.idleTicks()) / all;
        double client = 100 * (b.client() - a.client()) / wall;
        double[] secondsEach = new double[servers.length];
        double[] each = new double[servers.length];
        for (int i = 0; i < servers.length; i++) {
            secondsEach[i] = b.servers()[i] - a.servers()[i];
            each[i] = 100 * secondsEach[i] / wall;
        }
        double server = 100 * (b.server() - a.server()) / wall;
        double redis = 100 * (b.redis() - a.redis()) / wall;
        double busy = (100 - idle) * Runtime.getRuntime().availableProcessors();
        return new Usage(
                client,
                server,
                redis,
                Math.max(0, busy - client - server - redis),
                idle,
                b.server() - a.server(),
                b.redis() - a.redis(),
                each,
                secondsEach);
    }

    /** utime + stime of a process in seconds (0 for no process). */
    private static double processSeconds(long pid) {
        double[] seconds = ProcStat.processSeconds(pid);
        return seconds[0] + seconds[1];
    }
}
