package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Log;
import dev.rmbee.bench.load.Options;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The peer gateway load generator (docs/benchmarks.md, "Peer gateway throughput"); a plain
 * program, not a test. {@code bench/peer-bench.sh} runs it: a relay (a Liberty server), a
 * redis-server, two peer processes started with {@code peer}, then {@code run}.
 *
 * <pre>
 * PeerLoad registry --out FILE [--plain-out FILE]
 * PeerLoad peer     --secret //PeerA --registry FILE --relay ws://127.0.0.1:PORT/ --redis-port P --db N
 *                   [--threads 4] [--bus resp|redisson] [--ready FILE]
 * PeerLoad run      --name NAME --redis-port P --requester-db 1 --responder-db 2 --out FILE [options]
 * PeerLoad floor    [--plain]
 * PeerLoad report   FILE...
 * </pre>
 *
 * <p><b>registry</b> writes the twins of the benchmark: 20 ({@code //PeerA}, the requester) and
 * 21 ({@code //PeerB}, the responder), sr25519, relays {@code localhost}, with their e2e keys;
 * {@code --plain-out} the same twins without e2e keys (the peers then send plain payloads).
 *
 * <p><b>peer</b> ({@link BenchPeer}) runs one peer gateway as in production minus the container: {@code RelayLinks}
 * to the relay, {@code RedisLocalBus} on one database of the local Redis (Redisson, a pool the size of the
 * peer's share of the server's client in {@code RedisProducer}, for the blocking takes; the other commands
 * through a RESP connection with {@code --bus resp}, the default, or Redisson too with {@code --bus
 * redisson}), {@code PeerGateway} with the default settings, all on one
 * {@code ScheduledThreadPoolExecutor} of {@code --threads} threads (the container gives a managed
 * executor). It writes {@code --ready} once its link is up and runs until killed.
 *
 * <p><b>run</b> first measures the crypto floor of a round trip in this JVM
 * ({@link PeerCryptoFloor}), then acts as the local programs on both sides: {@code --clients}
 * clients push requests of {@code --payload} bytes to the requester's {@code msgbus.system.local}
 * (each its own {@code ret} list, at most {@code --window} requests outstanding) and read the
 * responses from it; {@code --services} echo services pop {@code msgbus.bench.echo} on the
 * responder's database and push the request's data back as the response. Phases:
 * <ol>
 *   <li><i>max</i>: windowed, {@code --warmup} seconds (and then up to {@code --warmup-limit} more,
 *       until the JIT compiler threads of each JVM use less than {@code --jit-quiet} % of a core),
 *       then {@code --duration} seconds: requests/s answered end to end (request JSON pushed →
 *       response JSON popped), latencies at that load, CPU per request;
 *   <li><i>paced</i> at each of {@code --fractions} of that maximum: requests spread evenly over time
 *       and clients, latency from each request's scheduled time (no coordinated omission).
 * </ol>
 * Every response is checked: its {@code ref} must be an outstanding request of that client (else
 * mismatched, also for a second answer to one request), {@code err} null (else an error), {@code src}
 * the responder and {@code dat} the request's own data (else mismatched); requests still unanswered
 * after the final drain are lost. CPU of this process, the relay, both peers and Redis, and the
 * machine's idle time, come from /proc; GC pauses of the three JVMs from {@code jstat}.
 *
 * <p><b>report</b> prints result files as the Markdown tables of docs/benchmarks.md.
 */
public final class PeerLoad {

    static final int REQUESTER = 20;
    static final int RESPONDER = 21;
    static final String REQUESTER_SECRET = "//PeerA";
    static final String RESPONDER_SECRET = "//PeerB";
    static final String COMMAND = "bench.echo";

    static final Log LOG = new Log("peer-load");

    private PeerLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: PeerLoad registry|peer|run|report ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "registry" -> PeerTwinsFile.write(new Options(rest));
            case "peer" -> BenchPeer.run(new Options(rest));
            case "run" -> PeerRun.run(new Options(rest));
            case "floor" -> PeerRun.floor(new Options(rest));
            case "report" -> PeerReport.print(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0);
    }

    /** {@code size} bytes of JSON naming {@code ref}: the body of the request with that reference. */
    static byte[] payload(String ref, int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] head = ("{\"ref\":\"" + ref + "\",\"pad\":\"").getBytes(StandardCharsets.US_ASCII);
        if (head.length + 2 > size) {
            throw new IllegalArgumentException("payload of " + size + " bytes is too small for " + ref);
        }
        System.arraycopy(head, 0, body, 0, head.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }
}
