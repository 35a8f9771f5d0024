package dev.rmbee.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Diagnostic commands to another JVM through the JDK's {@code jcmd}. */
public final class Jcmd {

    private Jcmd() {}

    /** Runs a full GC in JVM {@code pid} ({@code GC.run}, twice) and returns the heap's used KiB after it. */
    public static long heapAfterGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("cannot read the heap from jcmd: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    /** The output of {@code jcmd pid command}; an exception when it fails. */
    public static String run(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    "jcmd " + pid + " " + command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
