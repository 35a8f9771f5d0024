package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ProcStat;
import dev.rmbee.bench.load.ResultFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The {@code flood} command ({@link ChainBench}): upgrade attempts as fast as {@code --concurrency}
 * threads make them, for {@code --duration} seconds or {@code --attempts} tokens, with tokens signed
 * by a real key (shared twin 3's, ed25519) naming twins the chain does not have, of one
 * {@code --kind}:
 * <ul>
 *   <li>{@code random}: a different random u32 above the chain's last id ({@code --last}) each time;
 *   <li>{@code deleted}: the ids of {@code --deleted} (below the last id, deleted), in turn;
 *   <li>{@code mixed}: the two alternately;
 *   <li>{@code quiet}: no flood at all, only the probe (the baseline).
 * </ul>
 * Meanwhile a probe makes a real twin's ({@code --probe-twin}) upgrade every {@code --probe-ms} and
 * times it. Writes the attempts/s and their answers, the relay's, chain node's and client's CPU per
 * attempt, the chain's storage reads during the flood, and the probe's latencies.
 */
final class Flood {

    private Flood() {}

    static void run(Options options) throws Exception {
        String kind = options.string("kind", null);
        int port = options.integer("port", 9593);
        double duration = options.decimal("duration", 15);
        long serverPid = options.integer("server-pid", 0);
        long nodePid = options.integer("node-pid", 0);
        long probeMs = options.integer("probe-ms", 20);
        BenchKeys keys = new BenchKeys();
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] flood = kind.equals("quiet") ? new String[0] : tokens(keys, options, kind, run);
        int probeTwin = options.integer("probe-twin", 1);
        String[] probes = IntStream.range(0, (int) (duration * 1000 / probeMs) + 10)
                .mapToObj(i -> keys.token(probeTwin, "probe-" + run + "-" + i))
                .toArray(String[]::new);
        ChainControl chain = new ChainControl(options.integer("control-port", 9961));
        Map<String, Integer> readsBefore = chain.snapshot();
        String loadBefore = ProcStat.loadAverage();
        Cpu before = Cpu.now(serverPid, nodePid);
        Properties result = new Properties();
        Attempts probe = new Attempts(port, probes, false);
        Thread prober = new Thread(() -> runQuietly(probe, probeMs, duration), "probe");
        prober.start();
        try (Attempts attempts = new Attempts(port, flood, false)) {
            if (flood.length > 0) {
                attempts.run(options.integer("concurrency", 8), duration, 0);
                probe.stop();
            }
            prober.join();
            Cpu after = Cpu.now(serverPid, nodePid);
            before.store(after, Math.max(1, attempts.count()), result, "flood");
            attempts.store(result, "flood");
            probe.store(result, "probe");
            ChainControl.store(readsBefore, chain.snapshot(), result, "flood");
        }
        result.setProperty("kind", kind);
        result.setProperty("tokens", Integer.toString(flood.length));
        result.setProperty("load.before", loadBefore);
        result.setProperty("load.after", ProcStat.loadAverage());
        ChainBench.LOG.log(
                "flood %s: %s attempts/s (%s), server %s µs each, Twins reads %s (%s ids), TwinID reads %s; "
                        + "probe p50 %s p99 %s ms (%s)",
                kind,
                result.getProperty("flood.rate"),
                result.getProperty("flood.status"),
                result.getProperty("flood.server.us.each"),
                result.getProperty("flood.reads.twins"),
                result.getProperty("flood.reads.twins.distinct"),
                result.getProperty("flood.reads.twinid"),
                result.getProperty("probe.p50"),
                result.getProperty("probe.p99"),
                result.getProperty("probe.status"));
        ResultFiles.store(result, Path.of(options.string("out", null)), "ChainBench flood");
    }

    /** The flood's tokens, signed before it starts (in parallel: the client shares the server's cores later). */
    private static String[] tokens(BenchKeys keys, Options options, String kind, String run) {
        long last = options.integer("last", 16_777_217);
        List<Integer> deleted = BenchChainNode.ids(options.string("deleted", "100001-101000"));
        SplittableRandom random = new SplittableRandom();
        int[] ids = new int[options.integer("attempts", 30_000)];
        for (int i = 0; i < ids.length; i++) {
            boolean unknownAbove = kind.equals("random") || (kind.equals("mixed") && i % 2 == 0);
            ids[i] = unknownAbove
                    ? (int) random.nextLong(last + 1, 1L << 32)
                    : deleted.get((kind.equals("mixed") ? i / 2 : i) % deleted.size());
        }
        ChainBench.LOG.log("flood %s: signing %d tokens", kind, ids.length);
        return IntStream.range(0, ids.length)
                .parallel()
                .mapToObj(i -> keys.unknownTwinToken(ids[i], "flood-" + run + "-" + i))
                .toArray(String[]::new);
    }

    private static void runQuietly(Attempts probe, long probeMs, double duration) {
        try {
            probe.run(1, duration, probeMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
