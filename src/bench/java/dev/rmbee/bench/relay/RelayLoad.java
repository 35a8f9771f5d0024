package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Log;
import dev.rmbee.bench.load.Options;
import java.util.Arrays;

/**
 * The relay load generator (docs/benchmarks.md, "Relay throughput"); a plain program, not a test.
 * {@code bench/relay-bench.sh} runs it against a Liberty server it starts; every address is given
 * on the command line and only loopback ones are accepted.
 *
 * <pre>
 * RelayLoad run    --name NAME --url ws://127.0.0.1:PORT/[bench/echo] [--echo] --out FILE [options]
 * RelayLoad run    --name NAME --url ws://127.0.0.1:P1/ --receiver-url ws://127.0.0.1:P2/
 *                  --sender-base 100 --receiver-base 200 --server-pid PID1,PID2 --out FILE [options]
 * RelayLoad run    --name NAME --url ws://127.0.0.1:P1/ --receiver-url ws://127.0.0.1:P2/,ws://127.0.0.1:P3/
 *                  --server-pid PID1,PID2,PID3 --out FILE [options]
 * RelayLoad idle   --url ws://127.0.0.1:PORT/ --sessions 10000 --server-pid PID --out FILE
 * RelayLoad twins  --sender-relay 127.0.0.1:P1 --receiver-relay 127.0.0.1:P2 [--black-hole-relay 127.0.0.1:P3] --out FILE
 * RelayLoad blackhole --port P3 --url ws://127.0.0.1:P1/ [--sender 105] [--to 301] [--rate 100]
 * RelayLoad report FILE...
 * </pre>
 *
 * <p><b>run</b> opens {@code --pairs} sender/receiver session pairs (twins of the shared
 * twins.json, one distinct sid per session, so pairs share nothing but the server), pre-signs
 * {@code --pool} request envelopes per pair, then measures two phases:
 * <ol>
 *   <li><i>max</i>: each sender keeps {@code --window} messages outstanding (sent, not yet
 *       received by its receiver) for {@code --warmup} + {@code --duration} seconds (with
 *       {@code --jit-settle S}, the warm-up goes on until the servers' JIT compilers use less than
 *       5 % of a core each, at most S seconds more): messages/s delivered end to end, and latencies
 *       at that load;
 *   <li><i>half</i>: paced sending at half the measured maximum (or {@code --rate}), the messages
 *       spread evenly over time and pairs: latency percentiles, measured from each message's
 *       scheduled send time, so a client or server that falls behind is charged for it; then the
 *       same, shorter, at each of {@code --fractions} (e.g. {@code 0.25,0.1}) of the maximum.
 * </ol>
 * With {@code --echo} the URL is the benchmark echo and each pair is one socket that receives its
 * own messages back. A sender cycles through its pool of envelopes (the relay neither checks their
 * signatures nor deduplicates uids); every received message is compared byte for byte with the
 * one expected in that position, and a mismatch (reordering) is counted and reported; the latency
 * of a message out of place is still measured from its own send. CPU time of the client,
 * the server ({@code --server-pid}) and Redis ({@code --redis-pid}) and the machine's idle time are
 * read from /proc for each measurement.
 *
 * <p><b>Federation</b> (docs/benchmarks.md, "Federation throughput"): with {@code --receiver-url}
 * the receivers connect to another relay than the senders, so every message goes sender → relay 1
 * → HTTP POST → relay 2 → receiver. {@code --sender-base} and {@code --receiver-base} shift the twin
 * ids (sender {@code base + 1 + i % 5}), so that senders and receivers are twins of different
 * relays; <b>twins</b> writes the registry file for that (twins 101–105 on relay 1, 201–205 on
 * relay 2, with the keys of shared twins 1–5). {@code --server-pid} and {@code --redis-pid} then
 * take both relays' (and Redis servers') pids, comma-separated: CPU and GC pauses are summed, and
 * each relay's CPU is also stored on its own.
 *
 * <p><b>Instances of one relay</b> (docs/benchmarks.md, "Relay throughput"): {@code --receiver-url}
 * may list several comma-separated URLs, the instances of one relay sharing a Redis; receiver
 * {@code i} connects to the {@code i % n}-th, the senders to {@code --url}, all with the shared
 * twins (no shift). {@code --server-pid} lists every instance's pid, as for federation.
 *
 * <p><b>blackhole</b> ({@link BlackHole}) is a relay that accepts connections and never answers,
 * and a sender that keeps relay 1 busy with a backlog for it (twins 301–305 of <b>twins</b>
 * {@code --black-hole-relay}), for the row "federation, with a black-holed relay".
 *
 * <p><b>idle</b> measures the server's heap (after a full GC, through {@code jcmd}) before and
 * after opening {@code --sessions} relay sessions that then stay idle, and checks that a sample of
 * them still gets its Pong; then it closes them and connects as many new ones to the same server,
 * the warm rate beside the cold one ({@code --warm-round false} skips that).
 *
 * <p><b>report</b> prints the results files as the Markdown tables of docs/benchmarks.md.
 */
public final class RelayLoad {

    static final Log LOG = new Log("relay-load");

    private RelayLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: RelayLoad run|idle|twins|blackhole|report ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "run" -> RelayRun.run(new Options(rest));
            case "idle" -> IdleSessions.run(new Options(rest));
            case "twins" -> FederationTwins.write(new Options(rest));
            case "blackhole" -> BlackHole.run(new Options(rest));
            case "report" -> RelayReport.print(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0); // the HttpClient's threads would keep the JVM alive a while
    }
}
