package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.ProcStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The end of a warm-up ({@code --jit-settle}): waits until the servers' JIT compiler threads use
 * less than {@link #SETTLED_SHARE} of a core each over {@link #WINDOW_SECONDS} s, or the limit
 * passed. A fresh relay at a few thousand messages/s compiles for a minute or more; without this
 * the maximum's measurement would include the compiler's CPU (a third of the federation ingress's
 * at a 15 s warm-up), which is a start-up cost, not a cost per message.
 */
final class JitSettle {

    static final double SETTLED_SHARE = 0.05;
    static final int WINDOW_SECONDS = 2;

    private JitSettle() {}

    /** Waits up to {@code limitSeconds}; returns the seconds it waited. */
    static double await(long[] servers, double limitSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long limit = start + (long) (limitSeconds * 1e9);
        while (System.nanoTime() < limit) {
            double[] before = compilerSeconds(servers);
            long t0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(WINDOW_SECONDS);
            double[] after = compilerSeconds(servers);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            boolean settled = true;
            for (int i = 0; i < servers.length; i++) {
                settled &= (after[i] - before[i]) / elapsed < SETTLED_SHARE;
            }
            if (settled) {
                break;
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** CPU seconds of each server's C1 and C2 compiler threads (those running now). */
    static double[] compilerSeconds(long[] servers) {
        double[] result = new double[servers.length];
        for (int i = 0; i < servers.length; i++) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(servers[i]), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    result[i] += compilerSeconds(task);
                }
            } catch (IOException e) {
                // the server is gone: its row fails elsewhere
            }
        }
        return result;
    }

    private static double compilerSeconds(Path task) {
        try {
            String comm = Files.readString(task.resolve("comm"));
            if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                return 0;
            }
            double[] times = ProcStat.statSeconds(Files.readString(task.resolve("stat")));
            return times[0] + times[1];
        } catch (IOException e) {
            return 0; // the thread ended meanwhile
        }
    }
}
