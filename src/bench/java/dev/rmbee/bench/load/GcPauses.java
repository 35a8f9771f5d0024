package dev.rmbee.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Stop-the-world GC pauses so far, {count, ms}: another JVM's ({@code jstat}) or this one's own. */
public final class GcPauses {

    private GcPauses() {}

    /**
     * Young and full collections of JVM {@code pid} (G1's concurrent cycles pause only briefly);
     * zeros, with a line on {@code log}, when {@code jstat} cannot tell.
     */
    public static long[] of(long pid, Log log) throws InterruptedException {
        try {
            Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
            Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String[] lines;
            try (InputStream in = process.getInputStream()) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .trim()
                        .split("\n");
            }
            process.waitFor();
            List<String> names = Arrays.asList(lines[0].trim().split("\\s+"));
            String[] values = lines[lines.length - 1].trim().split("\\s+");
            long count = Long.parseLong(values[names.indexOf("YGC")]) + Long.parseLong(values[names.indexOf("FGC")]);
            long millis = Math.round(1000
                    * (Double.parseDouble(values[names.indexOf("YGCT")])
                            + Double.parseDouble(values[names.indexOf("FGCT")])));
            return new long[] {count, millis};
        } catch (IOException | RuntimeException e) {
            log.log("cannot read the GC counts of process %d: %s", pid, e);
            return new long[2];
        }
    }

    /** This JVM's own stop-the-world collections (not the concurrent collector's cycles). */
    public static long[] ofThisJvm() {
        long[] result = new long[2];
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Concurrent") && gc.getCollectionCount() > 0) {
                result[0] += gc.getCollectionCount();
                result[1] += gc.getCollectionTime();
            }
        }
        return result;
    }
}
