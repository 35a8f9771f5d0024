package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.ProcStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM's threads in groups, by the (15-character) names /proc shows: JVM threads, then the code's. */
final class ThreadGroups {

    static final String[] NAMES = {"jit", "gc", "workers", "redisson", "websocket", "other"};

    static final int JIT = 0;
    static final int GC = 1;

    private ThreadGroups() {}

    /** The group of a thread named {@code comm} (an index of {@link #NAMES}). */
    static int group(String comm) {
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            return JIT;
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return GC;
        }
        if (comm.startsWith("peer-worker") || comm.startsWith("Default Executo")) {
            return 2; // the peer's executor; Liberty's default executor in the relay
        }
        if (comm.startsWith("redisson-") || comm.startsWith("rmb-resp-")) {
            return 3;
        }
        if (comm.startsWith("HttpClient-") || comm.startsWith("Inbound ")) {
            return 4; // the JDK WebSocket client's selector; Liberty's channel selectors in the relay
        }
        return 5;
    }

    /** CPU seconds of a JVM per thread group, from /proc/PID/task (threads that ended are not counted). */
    static double[] seconds(long pid) {
        double[] result = new double[NAMES.length];
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    double[] times = ProcStat.statSeconds(Files.readString(task.resolve("stat")));
                    result[group(comm)] += times[0] + times[1];
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the threads of process " + pid, e);
        }
        return result;
    }
}
