package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Jcmd;
import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ResultFiles;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The {@code idle} command ({@link RelayLoad}): how fast {@code --sessions} relay sessions connect
 * (sessions connected per second, and the server's CPU per connection), the server's heap after a
 * full GC before and after opening them, and whether a sample of them, idle since, still gets its
 * Pong.
 */
final class IdleSessions {

    private IdleSessions() {}

    static void run(Options options) throws Exception {
        URI url = Options.loopback(options.string("url", null));
        int count = options.integer("sessions", 10_000);
        long pid = options.integer("server-pid", 0);
        Path out = Path.of(options.string("out", null));
        if (pid <= 0) {
            throw new IllegalArgumentException("idle needs --server-pid");
        }
        RelayLoad.LOG.log("idle: heap of server %d before", pid);
        long before = Jcmd.heapAfterGc(pid);
        RelayLoad.LOG.log("idle: %d KiB used after a full GC; signing %d tokens", before, count);
        Properties result = new Properties();
        result.setProperty("name", options.string("name", "embedded"));
        result.setProperty("sessions", Integer.toString(count));
        try (SessionConnects sessions = new SessionConnects(url, count, new BenchTwins())) {
            connect(sessions, options, new RelayCpu(new long[] {pid}, Options.pids(options.string("redis-pid", ""))))
                    .forEach((key, value) -> result.setProperty(key.toString(), value.toString()));
            Thread.sleep(5000);
            long after = Jcmd.heapAfterGc(pid);
            RelayLoad.LOG.log("idle: %d KiB used after a full GC with the sessions open", after);
            String histogram = options.string("histogram", "");
            if (!histogram.isEmpty()) {
                Files.writeString(Path.of(histogram), Jcmd.run(pid, "GC.class_histogram"));
                RelayLoad.LOG.log("idle: the server's class histogram is in %s", histogram);
            }
            int sample = Math.min(100, count);
            int answered = sessions.pingSample(sample);
            long hold = options.integer("hold", 0);
            if (hold > 0) {
                RelayLoad.LOG.log("idle: holding the sessions open for %d s (for a look at the server)", hold);
                Thread.sleep(hold * 1000);
            }
            RelayLoad.LOG.log(
                    "idle: %d of %d sampled sessions answered; %d closed by the server",
                    answered, sample, sessions.closedByServer());
            result.setProperty("heap.before.kib", Long.toString(before));
            result.setProperty("heap.after.kib", Long.toString(after));
            result.setProperty("heap.max", options.string("heap-max", "512m"));
            result.setProperty("pings.sampled", Integer.toString(sample));
            result.setProperty("pings.answered", Integer.toString(answered));
            result.setProperty("closed.by.server", Integer.toString(sessions.closedByServer()));
        }
        ResultFiles.store(result, out, "RelayLoad");
    }

    /** Connects the sessions: how many, how fast, and what it cost the server and the client. */
    private static Properties connect(SessionConnects sessions, Options options, RelayCpu cpu)
            throws InterruptedException {
        int concurrency = options.integer("concurrency", 64);
        RelayLoad.LOG.log("idle: connecting, %d at a time", concurrency);
        RelayCpu.Snapshot a = cpu.snapshot();
        long nanos = sessions.connect(concurrency, options.integer("connect-timeout", 300));
        RelayCpu.Snapshot b = cpu.snapshot();
        RelayCpu.Usage usage = cpu.usage(a, b);
        int connected = sessions.connected();
        double seconds = nanos / 1e9;
        double rate = connected / seconds;
        double serverMicros = 1e6 * usage.serverSeconds() / Math.max(1, connected);
        double clientMicros = 1e6 * (b.client() - a.client()) / Math.max(1, connected);
        RelayLoad.LOG.log(
                "idle: %d sessions connected in %.2f s: %.0f/s, server CPU %.0f µs per connection, client %.0f µs"
                        + " (%d failed; %s)",
                connected, seconds, rate, serverMicros, clientMicros, sessions.failed(), usage);
        Properties p = new Properties();
        p.setProperty("opened", Integer.toString(connected));
        p.setProperty("concurrency", Integer.toString(concurrency));
        p.setProperty("open.seconds", String.format(Locale.ROOT, "%.2f", seconds));
        p.setProperty("connect.rate", String.format(Locale.ROOT, "%.0f", rate));
        p.setProperty("connect.server.us", String.format(Locale.ROOT, "%.0f", serverMicros));
        p.setProperty(
                "connect.redis.us",
                String.format(Locale.ROOT, "%.0f", 1e6 * usage.redisSeconds() / Math.max(1, connected)));
        p.setProperty("connect.client.us", String.format(Locale.ROOT, "%.0f", clientMicros));
        p.setProperty("connect.cpu", usage.toString());
        p.setProperty("connect.idle", String.format(Locale.ROOT, "%.0f", usage.idle()));
        return p;
    }
}
