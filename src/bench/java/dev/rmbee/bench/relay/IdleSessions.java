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
 * full GC before and after opening them, whether a sample of them, idle since, still gets its
 * Pong, and the CPU the server (and Redis) use while they sit idle ({@code --idle-seconds}). Then, with {@code --warm-round} (on by default), it closes them and connects as many new
 * sessions to the same server: the first round is the <i>cold</i> rate (a server that just started,
 * its JIT still compiling: the reconnect storm after a restart), the second the <i>warm</i> one.
 */
final class IdleSessions {

    /** The prefix of the warm round's results. */
    static final String WARM = "warm.";

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
        BenchTwins twins = new BenchTwins();
        RelayCpu cpu = new RelayCpu(new long[] {pid}, Options.pids(options.string("redis-pid", "")));
        boolean warmRound = Boolean.parseBoolean(options.string("warm-round", "true"));
        try (SessionConnects sessions = new SessionConnects(url, count, twins)) {
            connect(sessions, options, cpu, "")
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
            idleCpu(cpu, pid, options.integer("idle-seconds", 20))
                    .forEach((key, value) -> result.setProperty(key.toString(), value.toString()));
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
        if (warmRound) {
            warmRound(url, count, twins, options, cpu)
                    .forEach((key, value) -> result.setProperty(key.toString(), value.toString()));
        }
        ResultFiles.store(result, out, "RelayLoad");
    }

    /**
     * The second round: once the server is done closing the first round's sessions, as many new
     * sessions (their tokens signed before the clock starts) connect to the same, now warm, server.
     */
    private static Properties warmRound(URI url, int count, BenchTwins twins, Options options, RelayCpu cpu)
            throws Exception {
        try (SessionConnects sessions = new SessionConnects(url, count, twins)) {
            awaitServerQuiet(cpu);
            RelayLoad.LOG.log("idle: the warm round, on the same server");
            return connect(sessions, options, cpu, WARM);
        }
    }

    /**
     * The CPU the server and Redis use over {@code seconds} while the sessions stay open and send
     * nothing (they answer the server's Pings, if it sends any), in % of one core, once the server's
     * JIT has settled (at most 60 s); what its compiler threads still used is given apart.
     */
    private static Properties idleCpu(RelayCpu cpu, long pid, long seconds) throws InterruptedException {
        long[] server = {pid};
        double waited = JitSettle.await(server, 60);
        RelayLoad.LOG.log(
                "idle: JIT settled after %.0f s; the server's CPU over %d s with the sessions idle", waited, seconds);
        double compilerBefore = JitSettle.compilerSeconds(server)[0];
        RelayCpu.Snapshot a = cpu.snapshot();
        Thread.sleep(seconds * 1000);
        RelayCpu.Snapshot b = cpu.snapshot();
        RelayCpu.Usage usage = cpu.usage(a, b);
        double compiler =
                100 * (JitSettle.compilerSeconds(server)[0] - compilerBefore) / ((b.nanos() - a.nanos()) / 1e9);
        RelayLoad.LOG.log(
                "idle: while idle, server %.2f %% of a core (its JIT %.2f %%), Redis %.2f %%",
                usage.server(), compiler, usage.redis());
        Properties p = new Properties();
        p.setProperty("idle.seconds", Long.toString(seconds));
        p.setProperty("idle.server.cpu", String.format(Locale.ROOT, "%.2f", usage.server()));
        p.setProperty("idle.server.jit", String.format(Locale.ROOT, "%.2f", compiler));
        p.setProperty("idle.redis.cpu", String.format(Locale.ROOT, "%.2f", usage.redis()));
        return p;
    }

    /** Waits (up to 30 s) until the server uses less than 10 % of a core over a second. */
    private static void awaitServerQuiet(RelayCpu cpu) throws InterruptedException {
        for (int i = 0; i < 30; i++) {
            RelayCpu.Snapshot a = cpu.snapshot();
            Thread.sleep(1000);
            if (cpu.usage(a, cpu.snapshot()).server() < 10) {
                return;
            }
        }
    }

    /**
     * Connects the sessions: how many, how fast, and what it cost the server and the client; the
     * result's keys start with {@code prefix}.
     */
    private static Properties connect(SessionConnects sessions, Options options, RelayCpu cpu, String prefix)
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
                "idle: %s%d sessions connected in %.2f s: %.0f/s, server CPU %.0f µs per connection, client %.0f µs"
                        + " (%d failed; %s)",
                prefix, connected, seconds, rate, serverMicros, clientMicros, sessions.failed(), usage);
        Properties p = new Properties();
        p.setProperty(prefix + "opened", Integer.toString(connected));
        p.setProperty(prefix + "concurrency", Integer.toString(concurrency));
        p.setProperty(prefix + "open.seconds", String.format(Locale.ROOT, "%.2f", seconds));
        p.setProperty(prefix + "connect.rate", String.format(Locale.ROOT, "%.0f", rate));
        p.setProperty(prefix + "connect.server.us", String.format(Locale.ROOT, "%.0f", serverMicros));
        p.setProperty(
                prefix + "connect.redis.us",
                String.format(Locale.ROOT, "%.0f", 1e6 * usage.redisSeconds() / Math.max(1, connected)));
        p.setProperty(prefix + "connect.client.us", String.format(Locale.ROOT, "%.0f", clientMicros));
        p.setProperty(prefix + "connect.cpu", usage.toString());
        p.setProperty(prefix + "connect.idle", String.format(Locale.ROOT, "%.0f", usage.idle()));
        return p;
    }
}
