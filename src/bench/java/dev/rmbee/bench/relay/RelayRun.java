package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ResultFiles;
import dev.rmbee.wire.SessionKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code run} command ({@link RelayLoad}): sender/receiver pairs with pre-signed envelopes, their
 * sockets opened, then the phases (the maximum, paced at half of it, paced at each fraction of it)
 * and the checks of what arrived, written to the results file.
 */
final class RelayRun {
    private final String name;
    private final URI url;
    /**
     * Federation: the receivers on another relay than the senders; several instances of one relay:
     * the receivers spread over these, receiver {@code i} on the {@code i % n}-th.
     */
    private final List<URI> receiverUrls;

    private final boolean echo;
    private final Options options;

    private RelayRun(Options options) {
        this.options = options;
        this.name = options.string("name", null);
        this.url = Options.loopback(options.string("url", null));
        this.receiverUrls = Arrays.stream(
                        options.string("receiver-url", url.toString()).split(","))
                .map(String::trim)
                .map(Options::loopback)
                .toList();
        this.echo = options.flag("echo");
    }

    static void run(Options options) throws Exception {
        new RelayRun(options).run();
    }

    private void run() throws Exception {
        int pairs = options.integer("pairs", 16);
        int window = options.integer("window", 16);
        int pool = options.integer("pool", 64);
        double warmup = options.decimal("warmup", 5);
        double duration = options.decimal("duration", 10);
        Path out = Path.of(options.string("out", null));
        RelayCpu cpu = new RelayCpu(
                Options.pids(options.string("server-pid", "")), Options.pids(options.string("redis-pid", "")));
        if (window > pool || pool > Flow.RING) {
            throw new IllegalArgumentException("need window <= pool <= " + Flow.RING);
        }
        if (echo && !receiverUrls.equals(List.of(url))) {
            throw new IllegalArgumentException("--echo takes no --receiver-url");
        }
        BenchTwins twins = new BenchTwins();
        List<Flow> flows = flows(twins, pairs, pool);
        open(twins, flows);
        Thread.sleep(500);

        Properties result = new Properties();
        result.setProperty("name", name);
        result.setProperty("pairs", Integer.toString(pairs));
        result.setProperty("sockets", Integer.toString(echo ? pairs : 2 * pairs));
        result.setProperty("relays", Integer.toString(servers()));
        result.setProperty("window", Integer.toString(window));
        result.setProperty("envelope.bytes", Integer.toString(flows.get(0).pool[0].length));
        result.setProperty("duration", Double.toString(duration));
        PhaseRunner phases = new PhaseRunner(
                name,
                flows,
                cpu,
                options.integer("drain", 15),
                options.integer("hold-on-loss", 0),
                options.decimal("jit-settle", 0));
        measure(phases, result, window, warmup, duration);
        checks(flows, result);
        for (Flow flow : flows) {
            flow.close();
        }
        ResultFiles.store(result, out, "RelayLoad");
        RelayLoad.LOG.log("%s: written to %s", name, out);
    }

    /** The pairs, each with {@code pool} signed requests (twins shifted by {@code --sender-base}, {@code --receiver-base}). */
    private List<Flow> flows(BenchTwins twins, int pairs, int pool) {
        int senderBase = options.integer("sender-base", 0);
        int receiverBase = options.integer("receiver-base", 0);
        int payload = options.integer("payload", 1024);
        RelayLoad.LOG.log("%s: signing %d x %d envelopes of %d payload bytes", name, pairs, pool, payload);
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
        RelayLoad.LOG.log(
                "%s: envelopes of %d bytes; opening %d %s",
                name, flows.get(0).pool[0].length, echo ? pairs : 2 * pairs, echo ? "echo sockets" : "relay sessions");
        return flows;
    }

    /** Opens each flow's sockets (one for the echo), over {@code --clients} HTTP clients. */
    private void open(BenchTwins twins, List<Flow> flows) {
        int clients = options.integer("clients", 1);
        HttpClient[] http = new HttpClient[clients];
        for (int c = 0; c < clients; c++) {
            http[c] = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }
        for (Flow flow : flows) {
            HttpClient client = http[flow.index % clients];
            if (echo) {
                flow.out =
                        open(client, url, null, FlowListeners.receiving(flow)).join();
            } else {
                URI receiverUrl = receiverUrls.get(flow.index % receiverUrls.size());
                flow.in = open(client, receiverUrl, twins.token(flow.receiver), FlowListeners.receiving(flow))
                        .join();
                flow.out = open(client, url, twins.token(flow.sender), FlowListeners.unexpected(flow))
                        .join();
            }
        }
    }

    /** How many servers (relays, or instances of one relay) the senders and receivers use. */
    private int servers() {
        Set<URI> all = new HashSet<>(receiverUrls);
        all.add(url);
        return all.size();
    }

    private static CompletableFuture<WebSocket> open(
            HttpClient client, URI url, String token, WebSocket.Listener listener) {
        URI uri = token == null ? url : URI.create(url + "?" + token);
        return client.newWebSocketBuilder().buildAsync(uri, listener);
    }

    /** The maximum, then paced at half of it (or {@code --rate}), then at each of {@code --fractions} of it. */
    private void measure(PhaseRunner phases, Properties result, int window, double warmup, double duration)
            throws InterruptedException {
        Measurement max = phases.windowed(window, warmup, duration);
        max.store(result, "max");
        double fixedRate = options.decimal("rate", 0);
        double rate = fixedRate > 0 ? fixedRate : max.rate / 2;
        Measurement half = phases.paced(rate, Math.min(warmup, 3), duration);
        result.setProperty("half.target", Long.toString(Math.round(rate)));
        half.store(result, "half");
        List<String> fractions = new ArrayList<>();
        for (String text : options.string("fractions", "").split(",")) {
            if (text.isBlank()) {
                continue;
            }
            double fraction = Double.parseDouble(text.trim());
            Measurement lower = phases.paced(max.rate * fraction, 2, Math.max(3, duration / 2));
            lower.store(result, "at." + text.trim());
            fractions.add(text.trim());
        }
        result.setProperty("fractions", String.join(",", fractions));
    }

    /** What arrived out of place or unexpectedly, and the sockets that closed early, over all phases. */
    private void checks(List<Flow> flows, Properties result) {
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
            RelayLoad.LOG.log(
                    "%s: WARNING %d messages out of place, %d unexpected messages, %d sockets closed",
                    name, mismatches, unexpected, closedEarly);
        }
    }
}
