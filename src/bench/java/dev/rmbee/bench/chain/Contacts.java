package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ResultFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code contacts} command ({@link ChainBench}): one round of upgrades by the twins of
 * {@code --ids}, {@code --concurrency} at a time, each twin's session (a fresh sid) kept open until
 * the round ends; {@code --attempts} more than there are ids cycles through them. Run twice on the
 * same ids it gives first contacts (the relay's cache does not know the twins) and then known ones.
 * Writes the upgrades/s, each upgrade's latency, the answers, the CPU of relay, chain node and client
 * per upgrade, and the chain's storage reads during the round.
 */
final class Contacts {

    private Contacts() {}

    static void run(Options options) throws Exception {
        List<Integer> ids = BenchChainNode.ids(options.string("ids", null));
        int attempts = options.integer("attempts", ids.size());
        int concurrency = options.integer("concurrency", 1);
        String name = options.string("name", null);
        String round = options.string("round", null);
        long serverPid = options.integer("server-pid", 0);
        long nodePid = options.integer("node-pid", 0);
        ChainControl chain = new ChainControl(options.integer("control-port", 9961));
        BenchKeys keys = new BenchKeys();
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] tokens = new String[attempts];
        for (int i = 0; i < attempts; i++) {
            tokens[i] = keys.token(ids.get(i % ids.size()), "contact-" + run + "-" + i);
        }
        Map<String, Integer> readsBefore = chain.snapshot();
        Cpu before = Cpu.now(serverPid, nodePid);
        Properties result = new Properties();
        try (Attempts upgrades = new Attempts(options.integer("port", 9593), tokens, true)) {
            upgrades.run(concurrency, options.decimal("max-seconds", 120), 0);
            Cpu after = Cpu.now(serverPid, nodePid);
            before.store(after, upgrades.count(), result, "round");
            upgrades.store(result, "round");
            ChainControl.store(readsBefore, chain.snapshot(), result, "round");
            ChainBench.LOG.log(
                    "contacts %s, %s: %s upgrades/s at %d at a time (%s), p50 %s p99 %s ms, server %s µs each, "
                            + "Twins reads %s",
                    name,
                    round,
                    result.getProperty("round.rate"),
                    concurrency,
                    result.getProperty("round.status"),
                    result.getProperty("round.p50"),
                    result.getProperty("round.p99"),
                    result.getProperty("round.server.us.each"),
                    result.getProperty("round.reads.twins"));
        }
        result.setProperty("name", name);
        result.setProperty("round", round);
        result.setProperty("ids", options.string("ids", null));
        result.setProperty("distinct", Integer.toString(ids.size()));
        result.setProperty("concurrency", Integer.toString(concurrency));
        ResultFiles.store(result, Path.of(options.string("out", null)), "ChainBench contacts");
    }
}
