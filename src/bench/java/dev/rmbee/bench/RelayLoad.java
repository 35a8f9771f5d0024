package dev.rmbee.bench;

import com.google.protobuf.ByteString;
import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.EnvelopeSignatures;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.proto.Types.Envelope;
import dev.rmbee.wire.proto.Types.Request;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay load generator (docs/benchmarks.md, "Relay throughput"); a plain program, not a test.
 * {@code bench/relay-bench.sh} runs it against a Liberty server it starts; every address is given
 * on the command line and only loopback ones are accepted.
 *
 * <pre>
 * RelayLoad run    --name NAME --url ws://127.0.0.1:PORT/[bench/echo] [--echo] --out FILE [options]
 * RelayLoad run    --name NAME --url ws://127.0.0.1:P1/ --receiver-url ws://127.0.0.1:P2/
 *                  --sender-base 100 --receiver-base 200 --server-pid PID1,PID2 --out FILE [options]
 * RelayLoad idle   --url ws://127.0.0.1:PORT/ --sessions 10000 --server-pid PID --out FILE
 * RelayLoad twins  --sender-relay 127.0.0.1:P1 --receiver-relay 127.0.0.1:P2 --out FILE
 * RelayLoad report FILE...
 * </pre>
 *
 * <p><b>run</b> opens {@code --pairs} sender/receiver session pairs (twins of the shared
 * twins.json, one distinct sid per session, so pairs share nothing but the server), pre-signs
 * {@code --pool} request envelopes per pair, then measures two phases:
 * <ol>
 *   <li><i>max</i>: each sender keeps {@code --window} messages outstanding (sent, not yet
 *       received by its receiver) for {@code --warmup} + {@code --duration} seconds: messages/s
 *       delivered end to end, and latencies at that load;
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
 * <p><b>idle</b> measures the server's heap (after a full GC, through {@code jcmd}) before and
 * after opening {@code --sessions} relay sessions that then stay idle, and checks that a sample of
 * them still gets its Pong.
 *
 * <p><b>report</b> prints the results files as the Markdown tables of docs/benchmarks.md.
 */
public final class RelayLoad {

    private static final int RING = 1 << 14;
    private static final int MASK = RING - 1;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p99", "p99.9"};

    /** How long a phase's end waits for its last messages ({@code --drain}, seconds). */
    private static volatile int drainSeconds = 15;
    /** How long the sockets stay open after messages went missing, for a look at the servers ({@code --hold-on-loss}). */
    private static volatile int holdOnLossSeconds;

    private RelayLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: RelayLoad run|idle|twins|report ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "run" -> run(new Options(rest));
            case "idle" -> idle(new Options(rest));
            case "twins" -> federationTwins(new Options(rest));
            case "report" -> report(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0); // the HttpClient's threads would keep the JVM alive a while
    }

    // ---------------------------------------------------------------------------------- run

    private static void run(Options options) throws Exception {
        String name = options.string("name", null);
        URI url = loopback(options.string("url", null));
        // federation: the receivers on another relay, and twins that live on one relay or the other
        URI receiverUrl = loopback(options.string("receiver-url", url.toString()));
        int senderBase = options.integer("sender-base", 0);
        int receiverBase = options.integer("receiver-base", 0);
        boolean echo = options.flag("echo");
        int pairs = options.integer("pairs", 16);
        int window = options.integer("window", 16);
        int pool = options.integer("pool", 64);
        int payload = options.integer("payload", 1024);
        double warmup = options.decimal("warmup", 5);
        double duration = options.decimal("duration", 10);
        double fixedRate = options.decimal("rate", 0);
        int clients = options.integer("clients", 1);
        drainSeconds = options.integer("drain", 15);
        holdOnLossSeconds = options.integer("hold-on-loss", 0);
        Path out = Path.of(options.string("out", null));
        Cpu cpu = new Cpu(pids(options.string("server-pid", "")), pids(options.string("redis-pid", "")));
        if (window > pool || pool > RING) {
            throw new IllegalArgumentException("need window <= pool <= " + RING);
        }
        if (echo && !receiverUrl.equals(url)) {
            throw new IllegalArgumentException("--echo takes no --receiver-url");
        }

        log("%s: signing %d x %d envelopes of %d payload bytes", name, pairs, pool, payload);
        Twins twins = new Twins();
        long now = System.currentTimeMillis() / 1000;
        List<Flow> flows = new ArrayList<>();
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        for (int i = 0; i < pairs; i++) {
            SessionKey sender = new SessionKey(senderBase + 1 + i % 5, "load-" + run + "-s" + i);
            SessionKey receiver = new SessionKey(receiverBase + 1 + (i + 1) % 5, "load-" + run + "-r" + i);
            byte[][] envelopes = new byte[pool][];
            for (int k = 0; k < pool; k++) {
                envelopes[k] = twins.request(sender, receiver, "bench-" + run + "-" + i + "-" + k, payload, now)
                        .toByteArray();
            }
            flows.add(new Flow(i, sender, receiver, envelopes));
        }
        log(
                "%s: envelopes of %d bytes; opening %d %s",
                name, flows.get(0).pool[0].length, echo ? pairs : 2 * pairs, echo ? "echo sockets" : "relay sessions");

        HttpClient[] http = new HttpClient[clients];
        for (int c = 0; c < clients; c++) {
            http[c] = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }
        for (Flow flow : flows) {
            HttpClient client = http[flow.index % clients];
            if (echo) {
                flow.out = open(client, url, null, flow.receiving()).join();
            } else {
                flow.in = open(client, receiverUrl, twins.token(flow.receiver), flow.receiving())
                        .join();
                flow.out = open(client, url, twins.token(flow.sender), flow.unexpected())
                        .join();
            }
        }
        Thread.sleep(500);

        Properties result = new Properties();
        result.setProperty("name", name);
        result.setProperty("pairs", Integer.toString(pairs));
        result.setProperty("sockets", Integer.toString(echo ? pairs : 2 * pairs));
        result.setProperty("relays", receiverUrl.equals(url) ? "1" : "2");
        result.setProperty("window", Integer.toString(window));
        result.setProperty("envelope.bytes", Integer.toString(flows.get(0).pool[0].length));
        result.setProperty("duration", Double.toString(duration));

        // phase 1: as fast as the window allows
        Phase max = Phase.windowed(flows.size());
        flows.forEach(flow -> flow.begin(max));
        flows.forEach(flow -> flow.grant(window));
        Measurement maxResult = measure(name + " max", flows, max, cpu, warmup, duration);
        drain(name, flows, max);
        maxResult.store(result, "max");

        // phase 2: paced at half of it; then, for the latency curve, at the lower fractions of it
        double rate = fixedRate > 0 ? fixedRate : maxResult.rate / 2;
        Measurement halfResult = paced(name, flows, cpu, rate, Math.min(warmup, 3), duration);
        result.setProperty("half.target", Long.toString(Math.round(rate)));
        halfResult.store(result, "half");
        List<String> fractions = new ArrayList<>();
        for (String text : options.string("fractions", "").split(",")) {
            if (text.isBlank()) {
                continue;
            }
            double fraction = Double.parseDouble(text.trim());
            Measurement lower = paced(name, flows, cpu, maxResult.rate * fraction, 2, Math.max(3, duration / 2));
            lower.store(result, "at." + text.trim());
            fractions.add(text.trim());
        }
        result.setProperty("fractions", String.join(",", fractions));

        long mismatches = flows.stream().mapToLong(flow -> flow.mismatches).sum();
        long unexpected =
                flows.stream().mapToLong(flow -> flow.unexpected.get()).sum();
        long closedEarly = flows.stream().filter(Flow::closedEarly).count();
        result.setProperty("mismatches", Long.toString(mismatches));
        result.setProperty(
                "received.total",
                Long.toString(
                        flows.stream().mapToLong(flow -> flow.received.get()).sum()));
        result.setProperty("unexpected", Long.toString(unexpected));
        result.setProperty("closed", Long.toString(closedEarly));
        result.setProperty(
                "closed.reasons",
                String.join(
                        "; ",
                        flows.stream()
                                .flatMap(flow -> flow.closeReasons.stream())
                                .toList()));
        if (mismatches + unexpected + closedEarly > 0) {
            log(
                    "%s: WARNING %d messages out of place, %d unexpected messages, %d sockets closed",
                    name, mismatches, unexpected, closedEarly);
        }
        for (Flow flow : flows) {
            flow.close();
        }
        store(result, out);
        log("%s: written to %s", name, out);
    }

    /** Sends paced at {@code rate} messages/s over all pairs and measures; the flows end quiet. */
    private static Measurement paced(
            String name, List<Flow> flows, Cpu cpu, double rate, double warmup, double duration)
            throws InterruptedException {
        Phase phase = Phase.paced(flows.size(), rate);
        flows.forEach(flow -> flow.begin(phase));
        Thread pacer = new Thread(() -> pace(flows, phase), "pacer");
        pacer.setDaemon(true);
        pacer.start();
        Measurement result =
                measure(name + " paced at " + Math.round(rate) + "/s", flows, phase, cpu, warmup, duration);
        phase.stopped = true;
        pacer.join();
        drain(name, flows, phase);
        return result;
    }

    private static CompletableFuture<WebSocket> open(
            HttpClient client, URI url, String token, WebSocket.Listener listener) {
        URI uri = token == null ? url : URI.create(url + "?" + token);
        return client.newWebSocketBuilder().buildAsync(uri, listener);
    }

    /** Warms up, then measures delivered messages, latencies and CPU over {@code duration}. */
    private static Measurement measure(
            String label, List<Flow> flows, Phase phase, Cpu cpu, double warmup, double duration)
            throws InterruptedException {
        sleep(warmup);
        long[] gcBefore = Gc.pauses(cpu.servers());
        Cpu.Snapshot before = cpu.snapshot();
        long received0 = flows.stream().mapToLong(flow -> flow.received.get()).sum();
        long t0 = System.nanoTime();
        phase.recording = true;
        sleep(duration);
        phase.recording = false;
        long t1 = System.nanoTime();
        long received1 = flows.stream().mapToLong(flow -> flow.received.get()).sum();
        Cpu.Snapshot after = cpu.snapshot();
        long[] gcAfter = Gc.pauses(cpu.servers());
        Measurement m = new Measurement();
        for (int i = 0; i < 4; i++) {
            m.gc[i] = gcAfter[i] - gcBefore[i];
        }
        m.seconds = (t1 - t0) / 1e9;
        m.messages = received1 - received0;
        m.rate = m.messages / m.seconds;
        long[] samples = Samples.merge(flows.stream().map(flow -> flow.samples).toList());
        m.latencies = Samples.percentiles(samples, QUANTILES);
        m.samples = samples.length;
        m.cpu = cpu.usage(before, after);
        log(
                "%s: %.0f msgs/s, latency ms %s (%d samples); cpu %s; GC pauses: server %d (%d ms), client %d (%d ms)",
                label, m.rate, formatLatencies(m.latencies), m.samples, m.cpu, m.gc[0], m.gc[1], m.gc[2], m.gc[3]);
        flows.forEach(flow -> flow.samples.clear());
        return m;
    }

    /** Stops sending and waits until every sent message has arrived. */
    private static void drain(String name, List<Flow> flows, Phase phase) throws InterruptedException {
        phase.stopped = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        while (System.nanoTime() < deadline) {
            if (flows.stream().allMatch(flow -> flow.received.get() >= flow.sentCount.get() && !flow.sending.get())) {
                Thread.sleep(100);
                if (flows.stream().allMatch(flow -> flow.received.get() >= flow.sentCount.get())) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        long missing = flows.stream()
                .mapToLong(flow -> flow.sentCount.get() - flow.received.get())
                .sum();
        StringBuilder which = new StringBuilder();
        for (Flow flow : flows) {
            long lacking = flow.sentCount.get() - flow.received.get();
            if (lacking > 0) {
                which.append(which.length() == 0 ? "" : ", ")
                        .append(lacking)
                        .append(" of ")
                        .append(flow.sender)
                        .append(" -> ")
                        .append(flow.receiver)
                        .append(" (sent ")
                        .append(flow.sentCount.get())
                        .append(", received ")
                        .append(flow.received.get())
                        .append(flow.closeReasons.isEmpty() ? "" : "; " + String.join("; ", flow.closeReasons))
                        .append(')');
            }
        }
        String message = name + ": " + missing + " messages did not arrive within " + drainSeconds + " s: " + which;
        if (holdOnLossSeconds > 0) {
            log("%s; holding the sockets open for %d s", message, holdOnLossSeconds);
            Thread.sleep(holdOnLossSeconds * 1000L);
        }
        throw new IllegalStateException(message);
    }

    /** Grants each flow its paced messages at their scheduled times (the flows send them at once). */
    private static void pace(List<Flow> flows, Phase phase) {
        int n = flows.size();
        long g = 0;
        while (!phase.stopped) {
            long due = (long) ((System.nanoTime() - phase.start) * phase.rate / 1e9);
            while (g <= due) {
                flows.get((int) (g % n)).grant(1);
                g++;
            }
            long wait = phase.start + (long) (g * 1e9 / phase.rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** How a phase sends: windowed (each arrival grants the next send) or paced at a fixed rate. */
    static final class Phase {
        final boolean paced;
        final int flows;
        final double rate;
        final long start = System.nanoTime();
        volatile boolean recording;
        volatile boolean stopped;

        private Phase(boolean paced, int flows, double rate) {
            this.paced = paced;
            this.flows = flows;
            this.rate = rate;
        }

        static Phase windowed(int flows) {
            return new Phase(false, flows, 0);
        }

        static Phase paced(int flows, double rate) {
            return new Phase(true, flows, rate);
        }

        /** The scheduled send time of a flow's {@code k}-th paced message ({@link #pace}'s order). */
        long scheduled(int flow, long k) {
            return start + (long) ((k * flows + flow) * 1e9 / rate);
        }
    }

    /**
     * One sender and its receiver (the same socket for the echo). The send side keeps one message
     * in flight on the socket (the JDK client allows no more) and sends while it has credits; the
     * receive side checks each message, records its latency and, in the windowed phase, grants the
     * next send.
     */
    static final class Flow {
        final int index;
        final SessionKey sender;
        final SessionKey receiver;
        final byte[][] pool;
        volatile WebSocket out;
        volatile WebSocket in;
        volatile Phase phase;
        final CompletableFuture<Integer> outClosed = new CompletableFuture<>();
        final CompletableFuture<Integer> inClosed = new CompletableFuture<>();
        final Queue<String> closeReasons = new ConcurrentLinkedQueue<>();
        volatile boolean closing;

        // send side; "sent" and "phaseBase" only while holding "sending"
        final AtomicLong credits = new AtomicLong();
        final AtomicBoolean sending = new AtomicBoolean();
        final AtomicLong sentCount = new AtomicLong();
        final AtomicLongArray stamps = new AtomicLongArray(RING);
        long sent;
        volatile long phaseBase;

        // receive side: called by one socket's listener, one message at a time
        final AtomicLong received = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();
        final Samples samples = new Samples();
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        long mismatches;

        Flow(int index, SessionKey sender, SessionKey receiver, byte[][] pool) {
            this.index = index;
            this.sender = sender;
            this.receiver = receiver;
            this.pool = pool;
        }

        /** Starts a phase; the flow is quiet (everything sent has arrived). */
        void begin(Phase next) {
            credits.set(0);
            phaseBase = sentCount.get();
            phase = next;
        }

        void grant(int count) {
            credits.addAndGet(count);
            pump();
        }

        private void pump() {
            while (credits.get() > 0 && sending.compareAndSet(false, true)) {
                Phase current = phase;
                if (credits.get() <= 0 || current.stopped || sent - received.get() >= RING) {
                    sending.set(false);
                    if (current.stopped || sent - received.get() >= RING) {
                        return; // an arrival pumps again
                    }
                    continue;
                }
                credits.decrementAndGet();
                long s = sent++;
                long stamp = current.paced ? current.scheduled(index, s - phaseBase) : System.nanoTime();
                stamps.setRelease((int) (s & MASK), stamp);
                sentCount.set(sent);
                CompletableFuture<WebSocket> done =
                        out.sendBinary(ByteBuffer.wrap(pool[(int) (s % pool.length)]), true);
                if (done.isDone() && !done.isCompletedExceptionally()) {
                    sending.set(false);
                    continue;
                }
                done.whenComplete((socket, error) -> {
                    sending.set(false);
                    if (error != null) {
                        if (!closing) {
                            log("flow %d: send failed: %s", index, error);
                        }
                        return;
                    }
                    pump();
                });
                return;
            }
        }

        private void arrived(byte[] message, ByteBuffer whole, long now) {
            long r = received.get();
            byte[] expected = pool[(int) (r % pool.length)];
            ByteBuffer arrived = whole != null ? whole : ByteBuffer.wrap(message);
            long sequence = r;
            if (!arrived.equals(ByteBuffer.wrap(expected))) {
                // out of place: the latency is still the message's own, found by its place in the pool
                // (the nearest send with that pool index; reordering moves messages by a few places only)
                int k = whichOfPool(arrived);
                if (k >= 0) {
                    long offset = Math.floorMod(k - r, (long) pool.length);
                    sequence = offset < pool.length / 2 ? r + offset : r + offset - pool.length;
                }
                if (mismatches++ < 3) {
                    log(
                            "flow %d: message %d is not the one sent in that position (%d of the pool) but %s",
                            index, r, r % pool.length, k < 0 ? "none of the pool" : k + " of the pool");
                }
            }
            long latency = now - stamps.getAcquire((int) (sequence & MASK));
            Phase current = phase;
            if (current.recording) {
                samples.add(latency);
            }
            received.set(r + 1);
            if (!current.paced && !current.stopped) {
                credits.incrementAndGet();
            }
            pump();
        }

        /** Which envelope of the pool {@code message} is, or -1. */
        private int whichOfPool(ByteBuffer message) {
            for (int k = 0; k < pool.length; k++) {
                if (message.equals(ByteBuffer.wrap(pool[k]))) {
                    return k;
                }
            }
            return -1;
        }

        /** The listener of the receiving socket (for the echo: the only one). */
        WebSocket.Listener receiving() {
            return new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                    long now = System.nanoTime();
                    if (last && partial.size() == 0) {
                        arrived(null, data, now);
                    } else {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        partial.write(chunk, 0, chunk.length);
                        if (last) {
                            arrived(partial.toByteArray(), null, now);
                            partial.reset();
                        }
                    }
                    socket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                    closedBy("receiver", code + " " + reason);
                    inClosed.complete(code);
                    outClosed.complete(code);
                    return null;
                }

                @Override
                public void onError(WebSocket socket, Throwable error) {
                    closedBy("receiver", "error " + error);
                    inClosed.complete(-1);
                    outClosed.complete(-1);
                }
            };
        }

        /** The listener of a relay sender's socket: nothing should arrive there. */
        WebSocket.Listener unexpected() {
            return new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                    if (last) {
                        unexpected.incrementAndGet();
                    }
                    socket.request(1);
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                    closedBy("sender", code + " " + reason);
                    outClosed.complete(code);
                    return null;
                }

                @Override
                public void onError(WebSocket socket, Throwable error) {
                    closedBy("sender", "error " + error);
                    outClosed.complete(-1);
                }
            };
        }

        boolean closedEarly() {
            return outClosed.isDone() || inClosed.isDone();
        }

        /** A socket of this flow closed (or failed) before the end: logged, and kept for the results. */
        private void closedBy(String side, String how) {
            if (closing) {
                return;
            }
            String text = side + " " + (side.equals("sender") ? sender : receiver) + " closed: " + how;
            closeReasons.add(text);
            log("flow %d: %s", index, text);
        }

        void close() {
            closing = true;
            for (WebSocket socket : new WebSocket[] {out, in}) {
                if (socket != null) {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                            .orTimeout(2, TimeUnit.SECONDS)
                            .exceptionally(e -> null)
                            .join();
                    socket.abort();
                }
            }
        }
    }

    /** Result of one measured phase. */
    static final class Measurement {
        double seconds;
        long messages;
        double rate;
        double[] latencies;
        int samples;
        Cpu.Usage cpu;
        /** Stop-the-world GC pauses during the measurement: server count, server ms, client count, client ms. */
        final long[] gc = new long[4];

        void store(Properties into, String prefix) {
            into.setProperty(prefix + ".rate", String.format(Locale.ROOT, "%.0f", rate));
            into.setProperty(prefix + ".messages", Long.toString(messages));
            into.setProperty(prefix + ".samples", Integer.toString(samples));
            for (int q = 0; q < QUANTILES.length; q++) {
                into.setProperty(prefix + "." + QUANTILE_NAMES[q], String.format(Locale.ROOT, "%.3f", latencies[q]));
            }
            into.setProperty(prefix + ".cpu.client", String.format(Locale.ROOT, "%.0f", cpu.client));
            into.setProperty(prefix + ".cpu.server", String.format(Locale.ROOT, "%.0f", cpu.server));
            into.setProperty(prefix + ".cpu.redis", String.format(Locale.ROOT, "%.0f", cpu.redis));
            into.setProperty(prefix + ".cpu.others", String.format(Locale.ROOT, "%.0f", cpu.others));
            into.setProperty(prefix + ".cpu.idle", String.format(Locale.ROOT, "%.0f", cpu.idle));
            into.setProperty(prefix + ".gc.server", gc[0] + " (" + gc[1] + " ms)");
            into.setProperty(prefix + ".gc.client", gc[2] + " (" + gc[3] + " ms)");
            into.setProperty(
                    prefix + ".server.us.per.msg",
                    String.format(Locale.ROOT, "%.1f", cpu.serverSeconds / messages * 1e6));
            into.setProperty(
                    prefix + ".redis.us.per.msg",
                    String.format(Locale.ROOT, "%.1f", cpu.redisSeconds / messages * 1e6));
            // each relay server on its own (federation: relay 1 / relay 2)
            List<String> percent = new ArrayList<>();
            List<String> perMessage = new ArrayList<>();
            for (int i = 0; i < cpu.serverEach.length; i++) {
                percent.add(String.format(Locale.ROOT, "%.0f", cpu.serverEach[i]));
                perMessage.add(String.format(Locale.ROOT, "%.1f", cpu.serverSecondsEach[i] / messages * 1e6));
            }
            into.setProperty(prefix + ".cpu.server.each", String.join(" / ", percent));
            into.setProperty(prefix + ".server.us.per.msg.each", String.join(" / ", perMessage));
        }
    }

    // --------------------------------------------------------------------------------- idle

    private static void idle(Options options) throws Exception {
        URI url = loopback(options.string("url", null));
        int count = options.integer("sessions", 10_000);
        int concurrency = options.integer("concurrency", 32);
        long pid = options.integer("server-pid", 0);
        Path out = Path.of(options.string("out", null));
        if (pid <= 0) {
            throw new IllegalArgumentException("idle needs --server-pid");
        }
        Twins twins = new Twins();
        log("idle: heap of server %d before", pid);
        long before = heapAfterGc(pid);
        log("idle: %d KiB used after a full GC; signing %d tokens", before, count);
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] tokens = new String[count];
        SessionKey[] sessions = new SessionKey[count];
        for (int i = 0; i < count; i++) {
            sessions[i] = new SessionKey(1 + i % 5, "idle-" + run + "-" + i);
            tokens[i] = twins.token(sessions[i]);
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        WebSocket[] sockets = new WebSocket[count];
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<Integer, CompletableFuture<byte[]>> replies = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int index = i;
            slots.acquire();
            client.newWebSocketBuilder()
                    .buildAsync(URI.create(url + "?" + tokens[i]), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                            byte[] bytes = new byte[data.remaining()];
                            data.get(bytes);
                            CompletableFuture<byte[]> reply = replies.get(index);
                            if (reply != null) {
                                reply.complete(bytes);
                            }
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                            closed.incrementAndGet();
                            return null;
                        }

                        @Override
                        public void onError(WebSocket socket, Throwable error) {
                            closed.incrementAndGet();
                        }
                    })
                    .whenComplete((socket, error) -> {
                        slots.release();
                        if (error != null) {
                            failed.incrementAndGet();
                        } else {
                            sockets[index] = socket;
                        }
                    });
        }
        slots.acquire(concurrency);
        double openSeconds = (System.nanoTime() - t0) / 1e9;
        log(
                "idle: %d sessions opened in %.1f s (%d failed); waiting 5 s",
                count - failed.get(), openSeconds, failed.get());
        Thread.sleep(5000);
        long after = heapAfterGc(pid);
        log("idle: %d KiB used after a full GC with the sessions open", after);
        String histogram = options.string("histogram", "");
        if (!histogram.isEmpty()) {
            Files.writeString(Path.of(histogram), jcmd(pid, "GC.class_histogram"));
            log("idle: the server's class histogram is in %s", histogram);
        }

        // a sample of the sessions still works: an envelope Ping gets its Pong
        int sample = Math.min(100, count);
        int answered = 0;
        for (int k = 0; k < sample; k++) {
            int index = (int) ((long) k * count / sample);
            if (sockets[index] == null) {
                continue;
            }
            CompletableFuture<byte[]> reply = new CompletableFuture<>();
            replies.put(index, reply);
            sockets[index]
                    .sendBinary(
                            ByteBuffer.wrap(
                                    TestTwins.ping(sessions[index], "idle-" + k).toByteArray()),
                            true)
                    .join();
            try {
                Envelope pong = Envelope.parseFrom(reply.get(5, TimeUnit.SECONDS));
                if (pong.getUid().equals("idle-" + k)) {
                    answered++;
                }
            } catch (Exception e) {
                log("idle: no pong on session %s: %s", sessions[index], e);
            }
        }
        long hold = options.integer("hold", 0);
        if (hold > 0) {
            log("idle: holding the sessions open for %d s (for a look at the server)", hold);
            Thread.sleep(hold * 1000);
        }
        int closedByServer = closed.get();
        log("idle: %d of %d sampled sessions answered; %d closed by the server", answered, sample, closedByServer);
        for (WebSocket socket : sockets) {
            if (socket != null) {
                socket.abort();
            }
        }
        Properties result = new Properties();
        result.setProperty("sessions", Integer.toString(count));
        result.setProperty("opened", Integer.toString(count - failed.get()));
        result.setProperty("open.seconds", String.format(Locale.ROOT, "%.1f", openSeconds));
        result.setProperty("heap.before.kib", Long.toString(before));
        result.setProperty("heap.after.kib", Long.toString(after));
        result.setProperty("heap.max", options.string("heap-max", "512m"));
        result.setProperty("pings.sampled", Integer.toString(sample));
        result.setProperty("pings.answered", Integer.toString(answered));
        result.setProperty("closed.by.server", Integer.toString(closedByServer));
        store(result, out);
    }

    /** Runs a full GC in the server ({@code jcmd GC.run}) and returns the heap's used KiB after it. */
    static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("cannot read the heap from jcmd: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    "jcmd " + pid + " " + command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    // -------------------------------------------------------------------------------- twins

    /**
     * Writes the federation benchmark's registry file (both relays load it): twins 101–105 live on
     * {@code --sender-relay}, twins 201–205 on {@code --receiver-relay}; twin {@code 100·n + k} has
     * the account (key) of shared twin {@code k}, so {@link Twins} can sign for it.
     */
    private static void federationTwins(Options options) throws IOException {
        String senderRelay = options.string("sender-relay", null);
        String receiverRelay = options.string("receiver-relay", null);
        Path out = Path.of(options.string("out", null));
        JsonArrayBuilder twins = Json.createArrayBuilder();
        for (int base : new int[] {100, 200}) {
            for (int k = 1; k <= 5; k++) {
                JsonObject shared = TestTwins.twin(k);
                twins.add(Json.createObjectBuilder()
                        .add("id", base + k)
                        .add("name", shared.getString("name") + (base == 100 ? "-sender" : "-receiver"))
                        .add("account", shared.getString("account"))
                        .add("relays", Json.createArrayBuilder().add(base == 100 ? senderRelay : receiverRelay))
                        .addNull("pk"));
            }
        }
        JsonObject registry = Json.createObjectBuilder()
                .add(
                        "comment",
                        "RelayLoad federation twins (dev keys of the shared twins.json 1-5): 101-105 live on "
                                + senderRelay + ", 201-205 on " + receiverRelay)
                .add("twins", twins)
                .build();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, registry.toString());
        log("twins: 101-105 on %s, 201-205 on %s, written to %s", senderRelay, receiverRelay, out);
    }

    // ------------------------------------------------------------------------------- report

    private static void report(String[] files) throws IOException {
        List<Properties> runs = new ArrayList<>();
        Properties idle = null;
        for (String file : files) {
            Properties p = load(Path.of(file));
            if (p.containsKey("sessions")) {
                idle = p;
            } else {
                runs.add(p);
            }
        }
        if (!runs.isEmpty()) {
            // the ratio column: to the echo if there is one, else to the first run
            Properties baseline = runs.stream()
                    .filter(p -> p.getProperty("name").startsWith("echo"))
                    .findFirst()
                    .orElse(runs.get(0));
            double ceiling = Double.parseDouble(baseline.getProperty("max.rate"));
            System.out.println("| target | max msgs/s | × " + baseline.getProperty("name")
                    + " | paced at msgs/s | p50 | p90 | p99 | p99.9 (ms, paced) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            for (Properties p : runs) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %.2f | %s | %s | %s | %s | %s |%n",
                        p.getProperty("name"),
                        p.getProperty("max.rate"),
                        Double.parseDouble(p.getProperty("max.rate")) / ceiling,
                        p.getProperty("half.rate"),
                        p.getProperty("half.p50"),
                        p.getProperty("half.p90"),
                        p.getProperty("half.p99"),
                        p.getProperty("half.p99.9"));
            }
            System.out.println();
            System.out.println(
                    "| target (at max) | server CPU µs/msg | Redis CPU µs/msg | CPU % server / client / Redis / "
                            + "other processes | machine idle % | p50 / p99 (ms) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
            for (Properties p : runs) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s / %s / %s / %s | %s | %s / %s |%n",
                        p.getProperty("name"),
                        p.getProperty("max.server.us.per.msg"),
                        p.getProperty("max.redis.us.per.msg"),
                        p.getProperty("max.cpu.server"),
                        p.getProperty("max.cpu.client"),
                        p.getProperty("max.cpu.redis"),
                        p.getProperty("max.cpu.others", "?"),
                        p.getProperty("max.cpu.idle"),
                        p.getProperty("max.p50"),
                        p.getProperty("max.p99"));
            }
            if (runs.stream().anyMatch(p -> !p.getProperty("fractions", "").isEmpty())) {
                System.out.println();
                System.out.println(
                        "| target | paced at | of max | msgs/s | p50 | p90 | p99 | p99.9 (ms) | CPU % server / client "
                                + "| GC pauses server / client |");
                System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
                for (Properties p : runs) {
                    List<String[]> rows = new ArrayList<>();
                    rows.add(new String[] {"half", "0.5"});
                    for (String fraction : p.getProperty("fractions", "").split(",")) {
                        if (!fraction.isEmpty()) {
                            rows.add(new String[] {"at." + fraction, fraction});
                        }
                    }
                    for (String[] row : rows) {
                        String k = row[0];
                        System.out.printf(
                                Locale.ROOT,
                                "| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s |%n",
                                p.getProperty("name"),
                                k.equals("half") ? "half" : row[1] + " × max",
                                row[1],
                                p.getProperty(k + ".rate"),
                                p.getProperty(k + ".p50"),
                                p.getProperty(k + ".p90"),
                                p.getProperty(k + ".p99"),
                                p.getProperty(k + ".p99.9"),
                                p.getProperty(k + ".cpu.server"),
                                p.getProperty(k + ".cpu.client"),
                                p.getProperty(k + ".gc.server", "?"),
                                p.getProperty(k + ".gc.client", "?"));
                    }
                }
            }
            if (runs.stream().anyMatch(p -> p.getProperty("relays", "1").equals("2"))) {
                System.out.println();
                System.out.println("| target (at max) | relays | server CPU µs/msg, each relay | CPU % each relay "
                        + "| messages out of place / received (all phases) |");
                System.out.println("| --- | ---: | ---: | ---: | ---: |");
                for (Properties p : runs) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %s | %s | %s | %s / %s |%n",
                            p.getProperty("name"),
                            p.getProperty("relays", "1"),
                            p.getProperty("max.server.us.per.msg.each", p.getProperty("max.server.us.per.msg")),
                            p.getProperty("max.cpu.server.each", p.getProperty("max.cpu.server")),
                            p.getProperty("mismatches"),
                            p.getProperty("received.total", "?"));
                }
            }
            for (Properties p : runs) {
                String problems = p.getProperty("mismatches") + p.getProperty("unexpected") + p.getProperty("closed");
                if (!problems.equals("000")) {
                    String reasons = p.getProperty("closed.reasons", "");
                    System.out.printf(
                            "%n**%s:** %s messages out of place, %s unexpected, %s sockets closed%s%n",
                            p.getProperty("name"),
                            p.getProperty("mismatches"),
                            p.getProperty("unexpected"),
                            p.getProperty("closed"),
                            reasons.isEmpty() ? "" : " (" + reasons + ")");
                }
            }
        }
        if (idle != null) {
            long before = Long.parseLong(idle.getProperty("heap.before.kib"));
            long after = Long.parseLong(idle.getProperty("heap.after.kib"));
            int opened = Integer.parseInt(idle.getProperty("opened"));
            System.out.println();
            System.out.println(
                    "| idle sessions | opened in | heap before | heap with them | per session | pongs | closed |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            System.out.printf(
                    Locale.ROOT,
                    "| %d of %s (-Xmx%s) | %s s | %.1f MiB | %.1f MiB | %.1f KiB | %s/%s | %s |%n",
                    opened,
                    idle.getProperty("sessions"),
                    idle.getProperty("heap.max"),
                    idle.getProperty("open.seconds"),
                    before / 1024.0,
                    after / 1024.0,
                    (after - before) / (double) Math.max(1, opened),
                    idle.getProperty("pings.answered"),
                    idle.getProperty("pings.sampled"),
                    idle.getProperty("closed.by.server"));
        }
    }

    // ------------------------------------------------------------------------------ helpers

    /**
     * The twins of the shared twins.json with their keys made once; tokens and signed requests.
     * Twin ids above 100 are the federation benchmark's twins (see {@link #federationTwins}): twin
     * {@code 100·n + k} has the key of shared twin {@code k}.
     */
    static final class Twins {
        private final Map<Integer, Signer> signers = new HashMap<>();

        Signer signer(int id) {
            return signers.computeIfAbsent(id, twin -> {
                JsonObject entry = TestTwins.twin(keyTwin(twin));
                return SubstrateKeys.signer(entry.getString("secret"), KeyType.parse(entry.getString("keyType")));
            });
        }

        /** The shared twin whose key twin {@code id} has. */
        static int keyTwin(int id) {
            return id > 100 ? id % 100 : id;
        }

        String token(SessionKey session) {
            long now = System.currentTimeMillis() / 1000;
            return RelayTokens.create(signer(session.twin()), session.twin(), session.sid(), now, now + 600);
        }

        /** A signed request whose plain payload is {@code size} bytes of JSON naming its uid. */
        Envelope request(SessionKey from, SessionKey to, String uid, int size, long now) {
            byte[] payload = new byte[size];
            Arrays.fill(payload, (byte) ' ');
            byte[] head = ("{\"uid\":\"" + uid + "\"}").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, payload, 0, Math.min(head.length, size));
            Envelope.Builder builder = Envelope.newBuilder()
                    .setUid(uid)
                    .setTimestamp(now)
                    .setExpiration(3600)
                    .setSource(from.toAddress())
                    .setDestination(to.toAddress())
                    .setRequest(Request.newBuilder().setCommand("bench.load"))
                    .setSchema("application/json")
                    .setPlain(ByteString.copyFrom(payload));
            return EnvelopeSignatures.sign(builder, signer(from.twin()));
        }
    }

    /** Latency samples in nanoseconds of one receiver (one thread at a time). */
    static final class Samples {
        private long[] values = new long[1 << 12];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] snapshot() {
            return Arrays.copyOf(values, size);
        }

        synchronized void clear() {
            size = 0;
        }

        static long[] merge(List<Samples> all) {
            List<long[]> parts = all.stream().map(Samples::snapshot).toList();
            long[] merged =
                    new long[parts.stream().mapToInt(part -> part.length).sum()];
            int at = 0;
            for (long[] part : parts) {
                System.arraycopy(part, 0, merged, at, part.length);
                at += part.length;
            }
            Arrays.sort(merged);
            return merged;
        }

        /** Nearest-rank percentiles of sorted samples, in milliseconds. */
        static double[] percentiles(long[] sorted, double[] quantiles) {
            double[] result = new double[quantiles.length];
            for (int q = 0; q < quantiles.length; q++) {
                if (sorted.length == 0) {
                    result[q] = Double.NaN;
                    continue;
                }
                int rank = (int) Math.ceil(quantiles[q] * sorted.length) - 1;
                result[q] = sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1e6;
            }
            return result;
        }
    }

    /** Stop-the-world collections so far: the server's (jstat) and this client's own. */
    static final class Gc {

        /** {server count, server ms, client count, client ms}; the servers' (summed) are 0 without pids. */
        static long[] pauses(long[] serverPids) throws InterruptedException {
            long[] result = new long[4];
            for (long serverPid : serverPids) {
                try {
                    Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
                    Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(serverPid))
                            .redirectErrorStream(true)
                            .start();
                    String[] lines;
                    try (InputStream in = process.getInputStream()) {
                        lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                .trim()
                                .split("\n");
                    }
                    process.waitFor();
                    List<String> names = Arrays.asList(lines[0].trim().split("\\s+"));
                    String[] values = lines[lines.length - 1].trim().split("\\s+");
                    // young and full collections; G1's concurrent cycles (CGC) pause only briefly
                    result[0] +=
                            Long.parseLong(values[names.indexOf("YGC")]) + Long.parseLong(values[names.indexOf("FGC")]);
                    result[1] += Math.round(1000
                            * (Double.parseDouble(values[names.indexOf("YGCT")])
                                    + Double.parseDouble(values[names.indexOf("FGCT")])));
                } catch (IOException | RuntimeException e) {
                    log("cannot read the server's GC counts: %s", e);
                }
            }
            for (java.lang.management.GarbageCollectorMXBean gc :
                    java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                if (!gc.getName().contains("Concurrent") && gc.getCollectionCount() > 0) {
                    result[2] += gc.getCollectionCount();
                    result[3] += gc.getCollectionTime();
                }
            }
            return result;
        }
    }

    /** CPU time of the processes involved and of the whole machine, from /proc. */
    static final class Cpu {
        /** The relay servers (two for federation) and the Redis servers. */
        private final long[] servers;

        private final long[] redis;

        Cpu(long[] servers, long[] redis) {
            this.servers = servers;
            this.redis = redis;
        }

        /** CPU seconds so far: this client, each server, all Redis servers together. */
        record Snapshot(long nanos, double client, double[] servers, double redis, long idleTicks, long allTicks) {
            double server() {
                return Arrays.stream(servers).sum();
            }
        }

        /**
         * Percentages of one core (the machine has {@code cores} times 100 %); {@code server} is all
         * relay servers together, {@code serverEach} each one's; {@code others} is what other
         * processes used, {@code idle} the machine's idle share.
         */
        record Usage(
                double client,
                double server,
                double redis,
                double others,
                double idle,
                double serverSeconds,
                double redisSeconds,
                double[] serverEach,
                double[] serverSecondsEach) {
            @Override
            public String toString() {
                StringBuilder each = new StringBuilder();
                if (serverEach.length > 1) {
                    for (int i = 0; i < serverEach.length; i++) {
                        each.append(i == 0 ? " (" : " + ").append(String.format(Locale.ROOT, "%.0f", serverEach[i]));
                    }
                    each.append(')');
                }
                return String.format(
                        Locale.ROOT,
                        "server %.0f%%%s, client %.0f%%, redis %.0f%%, other processes %.0f%%, machine idle %.0f%%",
                        server,
                        each,
                        client,
                        redis,
                        others,
                        idle);
            }
        }

        long[] servers() {
            return servers.clone();
        }

        Snapshot snapshot() {
            long[] machine = machineTicks();
            double[] each = new double[servers.length];
            for (int i = 0; i < servers.length; i++) {
                each[i] = processSeconds(servers[i]);
            }
            double redisSeconds = 0;
            for (long pid : redis) {
                redisSeconds += processSeconds(pid);
            }
            return new Snapshot(
                    System.nanoTime(),
                    processSeconds(ProcessHandle.current().pid()),
                    each,
                    redisSeconds,
                    machine[0],
                    machine[1]);
        }

        Usage usage(Snapshot a, Snapshot b) {
            double wall = (b.nanos() - a.nanos()) / 1e9;
            long all = b.allTicks() - a.allTicks();
            double idle = all == 0 ? Double.NaN : 100.0 * (b.idleTicks() - a.idleTicks()) / all;
            double client = 100 * (b.client() - a.client()) / wall;
            double[] secondsEach = new double[servers.length];
            double[] each = new double[servers.length];
            for (int i = 0; i < servers.length; i++) {
                secondsEach[i] = b.servers()[i] - a.servers()[i];
                each[i] = 100 * secondsEach[i] / wall;
            }
            double server = 100 * (b.server() - a.server()) / wall;
            double redis = 100 * (b.redis() - a.redis()) / wall;
            double busy = (100 - idle) * Runtime.getRuntime().availableProcessors();
            return new Usage(
                    client,
                    server,
                    redis,
                    Math.max(0, busy - client - server - redis),
                    idle,
                    b.server() - a.server(),
                    b.redis() - a.redis(),
                    each,
                    secondsEach);
        }

        /** utime + stime of a process in seconds (0 for no process). */
        private static double processSeconds(long pid) {
            double[] seconds = ProcStat.processSeconds(pid);
            return seconds[0] + seconds[1];
        }

        private static long[] machineTicks() {
            return ProcStat.machineTicks();
        }
    }

    /** {@code --name value} and {@code --flag} arguments. */
    static final class Options {
        private final Map<String, String> values = new HashMap<>();

        Options(String[] args) {
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
                String key = args[i].substring(2);
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.put(key, args[++i]);
                } else {
                    values.put(key, "true");
                }
            }
        }

        String string(String key, String fallback) {
            String value = values.getOrDefault(key, fallback);
            if (value == null) {
                throw new IllegalArgumentException("--" + key + " is required");
            }
            return value;
        }

        int integer(String key, int fallback) {
            return Integer.parseInt(string(key, Integer.toString(fallback)));
        }

        double decimal(String key, double fallback) {
            return Double.parseDouble(string(key, Double.toString(fallback)));
        }

        boolean flag(String key) {
            return Boolean.parseBoolean(values.getOrDefault(key, "false"));
        }
    }

    /** A comma-separated list of process ids ("" for none). */
    static long[] pids(String list) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(text -> !text.isEmpty())
                .mapToLong(Long::parseLong)
                .filter(pid -> pid > 0)
                .toArray();
    }

    /** Only loopback targets: this load never leaves the machine. */
    static URI loopback(String url) {
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (!"ws".equals(uri.getScheme())
                || host == null
                || !(host.startsWith("127.") || host.equals("localhost") || host.equals("[::1]"))) {
            throw new IllegalArgumentException("only ws:// URLs on the loopback interface: " + url);
        }
        return uri;
    }

    private static void store(Properties result, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            result.store(out, "RelayLoad");
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static String formatLatencies(double[] ms) {
        StringBuilder text = new StringBuilder();
        for (int q = 0; q < ms.length; q++) {
            text.append(q == 0 ? "" : " ")
                    .append(QUANTILE_NAMES[q])
                    .append('=')
                    .append(String.format(Locale.ROOT, "%.3f", ms[q]));
        }
        return text.toString();
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[relay-load] " + format + "%n", args);
        System.out.flush();
    }
}
