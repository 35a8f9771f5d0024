package dev.rmbee.bench.load;

import java.util.Locale;

/** A load generator's progress lines on standard output, {@code [tool] message}. */
public final class Log {
    private final String prefix;

    public Log(String tool) {
        this.prefix = "[" + tool + "] ";
    }

    public void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, prefix + format + "%n", args);
        System.out.flush();
    }
}
