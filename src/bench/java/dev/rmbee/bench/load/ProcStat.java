package dev.rmbee.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and load from Linux's /proc, shared by the load generators. */
public final class ProcStat {

    /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
    static final double TICKS = 100.0;

    private ProcStat() {}

    /** {user, system} seconds of a process (zeros for no process). */
    public static double[] processSeconds(long pid) {
        if (pid <= 0) {
            return new double[2];
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return statSeconds(stat);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** {user, system} seconds of one /proc stat line (a process's or a thread's). */
    public static double[] statSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new double[] {Long.parseLong(fields[11]) / TICKS, Long.parseLong(fields[12]) / TICKS};
    }

    /** Idle (idle + iowait) and total ticks of all CPUs. */
    public static long[] machineTicks() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long all = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                all += Long.parseLong(fields[i]);
            }
            return new long[] {Long.parseLong(fields[4]) + Long.parseLong(fields[5]), all};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them ("?" when unreadable). */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
