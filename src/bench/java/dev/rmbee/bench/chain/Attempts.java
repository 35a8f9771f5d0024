package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Upgrade attempts with a list of tokens, {@code concurrency} threads each making one after the
 * other (closed loop, so an attempt's latency is its own), until the tokens are used up or a
 * deadline passes: the latencies, the answers by HTTP status, and the sessions kept open.
 */
final class Attempts implements AutoCloseable {
    private final int port;
    private final String[] tokens;
    private final boolean keep;
    private final AtomicInteger next = new AtomicInteger();
    private final Samples latencies = new Samples();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Upgrade> kept = new ConcurrentLinkedQueue<>();
    private volatile boolean stopped;
    private long nanos;

    /** Attempts on 127.0.0.1:{@code port}; accepted sessions stay open until {@link #close()} when {@code keep}. */
    Attempts(int port, String[] tokens, boolean keep) {
        this.port = port;
        this.tokens = tokens.clone();
        this.keep = keep;
    }

    /** Runs the attempts, each thread pausing {@code pauseMillis} after each; returns when done. */
    Attempts run(int concurrency, double seconds, long pauseMillis) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> loop(deadline, pauseMillis), "upgrades-" + t);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        nanos = System.nanoTime() - t0;
        return this;
    }

    /** Stops the attempts early (from another thread). */
    void stop() {
        stopped = true;
    }

    private void loop(long deadline, long pauseMillis) {
        while (!stopped && System.nanoTime() < deadline) {
            int i = next.getAndIncrement();
            if (i >= tokens.length) {
                return;
            }
            Upgrade upgrade = Upgrade.attempt(port, tokens[i], keep);
            latencies.add(upgrade.nanos);
            statuses.computeIfAbsent(upgrade.status, status -> new LongAdder()).increment();
            if (upgrade.status == 101 && keep) {
                kept.add(upgrade);
            }
            if (pauseMillis > 0) {
                LockSupport.parkNanos(pauseMillis * 1_000_000);
            }
        }
    }

    /** Attempts made. */
    long count() {
        return statuses.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long answered(int status) {
        LongAdder count = statuses.get(status);
        return count == null ? 0 : count.sum();
    }

    /**
     * Stores {@code prefix.attempts}, {@code .seconds}, {@code .rate}, {@code .status} (e.g. {@code
     * 101=200 401=3}), the latency percentiles and maximum (ms).
     */
    void store(Properties into, String prefix) {
        long count = count();
        into.setProperty(prefix + ".attempts", Long.toString(count));
        into.setProperty(prefix + ".seconds", String.format(Locale.ROOT, "%.2f", nanos / 1e9));
        into.setProperty(prefix + ".rate", String.format(Locale.ROOT, "%.0f", count / (nanos / 1e9)));
        Map<Integer, Long> sorted = new TreeMap<>();
        statuses.forEach((status, n) -> sorted.put(status, n.sum()));
        StringBuilder text = new StringBuilder();
        sorted.forEach((status, n) -> text.append(text.length() == 0 ? "" : " ")
                .append(status < 0 ? "none" : status)
                .append('=')
                .append(n));
        into.setProperty(prefix + ".status", text.toString());
        long[] all = Samples.merge(List.of(latencies));
        Samples.store(Samples.percentiles(all), into, prefix);
        into.setProperty(
                prefix + ".max",
                String.format(Locale.ROOT, "%.3f", all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6));
    }

    @Override
    public void close() {
        for (Upgrade upgrade : kept) {
            upgrade.close();
        }
        kept.clear();
    }
}
