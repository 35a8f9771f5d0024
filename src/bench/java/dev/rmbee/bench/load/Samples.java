package dev.rmbee.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Latency samples in nanoseconds of one receiver (one thread at a time), and their percentiles. */
public final class Samples {

    /** The percentiles the load generators report, as quantiles... */
    public static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    /** ...and their names, in the result files and tables. */
    public static final String[] QUANTILE_NAMES = {"p50", "p90", "p99", "p99.9"};

    private long[] values = new long[1 << 12];
    private int size;

    public synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized long[] snapshot() {
        return Arrays.copyOf(values, size);
    }

    public synchronized void clear() {
        size = 0;
    }

    /** All samples of {@code all}, sorted. */
    public static long[] merge(List<Samples> all) {
        List<long[]> parts = all.stream().map(Samples::snapshot).toList();
        long[] merged = new long[parts.stream().mapToInt(part -> part.length).sum()];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, merged, at, part.length);
            at += part.length;
        }
        Arrays.sort(merged);
        return merged;
    }

    /** Nearest-rank percentiles ({@link #QUANTILES}) of sorted samples, in milliseconds. */
    public static double[] percentiles(long[] sorted) {
        double[] result = new double[QUANTILES.length];
        for (int q = 0; q < QUANTILES.length; q++) {
            if (sorted.length == 0) {
                result[q] = Double.NaN;
                continue;
            }
            int rank = (int) Math.ceil(QUANTILES[q] * sorted.length) - 1;
            result[q] = sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
        }
        return result;
    }

    /** {@code p50=… p90=… p99=… p99.9=…} of percentiles in milliseconds. */
    public static String format(double[] ms) {
        StringBuilder text = new StringBuilder();
        for (int q = 0; q < ms.length; q++) {
            text.append(q == 0 ? "" : " ")
                    .append(QUANTILE_NAMES[q])
                    .append('=')
                    .append(String.format(Locale.ROOT, "%.3f", ms[q]));
        }
        return text.toString();
    }

    /** Stores percentiles in milliseconds as {@code prefix.p50} etc. */
    public static void store(double[] ms, Properties into, String prefix) {
        for (int q = 0; q < QUANTILES.length; q++) {
            into.setProperty(prefix + "." + QUANTILE_NAMES[q], String.format(Locale.ROOT, "%.3f", ms[q]));
        }
    }
}
