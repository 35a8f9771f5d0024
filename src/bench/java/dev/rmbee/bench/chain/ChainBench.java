package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.Log;
import dev.rmbee.bench.load.Options;
import java.util.Arrays;

/**
 * The tfchain registry benchmark (docs/benchmarks.md, "Twin registry on tfchain"), run by
 * {@code bench/chain-bench.sh}; a plain program, not a test. Addresses are loopback ones only.
 *
 * <pre>
 * ChainBench node     [--rpc-port 9960] [--control-port 9961] [--block-ms 6000] [--contacts 1001-1200,2001-4000]
 *                     [--deleted 100001-101000] [--last 16777217] --twins-file FILE --ready FILE
 * ChainBench contacts --name NAME --round ROUND --ids 1001-1200 [--concurrency 1] [--attempts N] [--port 9593]
 *                     [--control-port 9961] --server-pid PID --node-pid PID --out FILE
 * ChainBench flood    --kind quiet|random|deleted|mixed [--duration 15] [--attempts 30000] [--concurrency 8]
 *                     [--probe-twin 1] [--probe-ms 20] [--deleted ...] [--last ...] [--port 9593]
 *                     [--control-port 9961] --server-pid PID --node-pid PID --out FILE
 * ChainBench report   FILE...
 * </pre>
 *
 * <p><b>node</b> ({@link BenchChainNode}) runs the test chain node with the benchmark's twins until
 * killed; <b>contacts</b> ({@link Contacts}) times one round of first (or repeated) contacts;
 * <b>flood</b> ({@link Flood}) floods the relay with upgrades naming twins the chain does not have
 * while timing a real twin's; <b>report</b> ({@link ChainReport}) prints the tables. The chain's
 * storage reads come from the node's control API ({@link ChainControl}), CPU from /proc ({@link Cpu}).
 */
public final class ChainBench {

    static final Log LOG = new Log("chain-bench");

    private ChainBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ChainBench node|contacts|flood|report ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "node" -> BenchChainNode.run(new Options(rest));
            case "contacts" -> Contacts.run(new Options(rest));
            case "flood" -> Flood.run(new Options(rest));
            case "report" -> ChainReport.print(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0); // the HttpClient's threads would keep the JVM alive a while
    }
}
