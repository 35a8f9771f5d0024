package dev.rmbee.bench;

import dev.rmbee.identity.KeyType;
import dev.rmbee.identity.Signer;
import dev.rmbee.identity.e2e.E2eKey;
import dev.rmbee.identity.secret.SubstrateKeys;
import dev.rmbee.peer.PeerGateway;
import dev.rmbee.peer.PeerIdentity;
import dev.rmbee.peer.PeerSettings;
import dev.rmbee.peer.api.Base64Data;
import dev.rmbee.peer.api.IncomingRequest;
import dev.rmbee.peer.api.IncomingResponse;
import dev.rmbee.peer.api.OutgoingRequest;
import dev.rmbee.peer.api.OutgoingResponse;
import dev.rmbee.peer.bus.LocalKeys;
import dev.rmbee.peer.bus.RedisLocalBus;
import dev.rmbee.peer.link.RelayLinkSettings;
import dev.rmbee.peer.link.RelayLinks;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.testing.RedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The peer gateway load generator (docs/benchmarks.md, "Peer gateway throughput"); a plain
 * program, not a test. {@code bench/peer-bench.sh} runs it: a relay (a Liberty server), a
 * redis-server, two peer processes started with {@code peer}, then {@code run}.
 *
 * <pre>
 * PeerLoad registry --out FILE [--plain-out FILE]
 * PeerLoad peer     --secret //PeerA --registry FILE --relay ws://127.0.0.1:PORT/ --redis-port P --db N
 *                   [--threads 4] [--ready FILE]
 * PeerLoad run      --name NAME --redis-port P --requester-db 1 --responder-db 2 --out FILE [options]
 * PeerLoad floor    [--plain]
 * PeerLoad report   FILE...
 * </pre>
 *
 * <p><b>registry</b> writes the twins of the benchmark: 20 ({@code //PeerA}, the requester) and
 * 21 ({@code //PeerB}, the responder), sr25519, relays {@code localhost}, with their e2e keys;
 * {@code --plain-out} the same twins without e2e keys (the peers then send plain payloads).
 *
 * <p><b>peer</b> runs one peer gateway as in production minus the container: {@link RelayLinks}
 * to the relay, {@link RedisLocalBus} on one database of the local Redis (Redisson, a pool the
 * size of the peer's share of the server's client in {@code RedisProducer}), {@link PeerGateway} with the default settings, all on one
 * {@link ScheduledThreadPoolExecutor} of {@code --threads} threads (the container gives a managed
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

    private static final int RING = 1 << 14;
    private static final int MASK = RING - 1;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    private static final String[] QUANTILE_NAMES = {"p50", "p90", "p99", "p99.9"};

    private PeerLoad() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: PeerLoad registry|peer|run|report ...");
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "registry" -> registry(new RelayLoad.Options(rest));
            case "peer" -> peer(new RelayLoad.Options(rest));
            case "run" -> run(new RelayLoad.Options(rest));
            case "floor" -> floor(new RelayLoad.Options(rest));
            case "report" -> report(rest);
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.exit(0);
    }

    // ----------------------------------------------------------------------------- registry

    private static void registry(RelayLoad.Options options) throws IOException {
        Path out = Path.of(options.string("out", null));
        Files.writeString(out, twins(true));
        String plain = options.string("plain-out", "");
        if (!plain.isEmpty()) {
            Files.writeString(Path.of(plain), twins(false));
        }
    }

    private static String twins(boolean withPk) {
        StringBuilder json = new StringBuilder("{\"twins\":[\n");
        String[][] twins = {
            {Integer.toString(REQUESTER), REQUESTER_SECRET}, {Integer.toString(RESPONDER), RESPONDER_SECRET}
        };
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < twins.length; i++) {
            String secret = twins[i][1];
            String account =
                    hex.formatHex(SubstrateKeys.signer(secret, KeyType.SR25519).publicKey());
            String pk = withPk
                    ? "\"0x"
                            + hex.formatHex(
                                    E2eKey.fromSecret(secret, KeyType.SR25519).publicKey()) + "\""
                    : "null";
            json.append("  {\"id\":")
                    .append(twins[i][0])
                    .append(",\"uri\":\"")
                    .append(secret)
                    .append("\",\"keyType\":\"sr25519\",\"account\":\"0x")
                    .append(account)
                    .append("\",\"relays\":[\"localhost\"],\"pk\":")
                    .append(pk)
                    .append('}')
                    .append(i + 1 < twins.length ? ",\n" : "\n");
        }
        return json.append("]}\n").toString();
    }

    // --------------------------------------------------------------------------------- peer

    private static void peer(RelayLoad.Options options) throws Exception {
        String secret = options.string("secret", null);
        KeyType type = KeyType.parse(options.string("key-type", "sr25519"));
        String relay = options.string("relay", null);
        RelayLoad.loopback(relay);
        int redisPort = options.integer("redis-port", 0);
        int database = options.integer("db", 0);
        int threads = options.integer("threads", 4);
        String ready = options.string("ready", "");

        LocalTwinRegistry registry = new LocalTwinRegistry();
        for (String file : options.string("registry", null).split(",")) {
            TwinFiles.read(Path.of(file.trim())).forEach(registry::put);
        }
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "peer-worker");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        Config config = new Config();
        config.useSingleServer()
                .setAddress("redis://127.0.0.1:" + redisPort)
                .setDatabase(database)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16);
        RedissonClient redisson = Redisson.create(config);
        Signer signer = SubstrateKeys.signer(secret, type);
        PeerIdentity identity =
                PeerIdentity.resolve(registry, signer, E2eKey.fromSecret(secret, type), OptionalInt.empty());
        Clock clock = Clock.systemUTC();
        PeerGateway[] started = new PeerGateway[1];
        RelayLinks links = new RelayLinks(
                List.of(relay),
                identity.twinId(),
                signer,
                frame -> started[0].onEnvelope(frame),
                executor,
                executor,
                clock,
                RelayLinkSettings.DEFAULTS);
        PeerGateway gateway = new PeerGateway(
                identity,
                registry,
                links,
                new RedisLocalBus(redisson, executor),
                executor,
                clock,
                PeerSettings.defaults("peer-bench"));
        started[0] = gateway;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            links.close();
            gateway.stop(Duration.ofSeconds(2));
            redisson.shutdown(0, 2, TimeUnit.SECONDS);
            stopped.countDown();
        }));
        gateway.start();
        links.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!links.anyConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the relay link did not connect: " + links.status());
            }
            Thread.sleep(50);
        }
        log(
                "peer: twin %d connected to %s, local API on database %d of 127.0.0.1:%d, %d threads (pid %d)",
                identity.twinId(),
                relay,
                database,
                redisPort,
                threads,
                ProcessHandle.current().pid());
        if (!ready.isEmpty()) {
            Files.writeString(
                    Path.of(ready), Long.toString(ProcessHandle.current().pid()));
        }
        stopped.await();
    }

    // ---------------------------------------------------------------------------------- run

    private static void run(RelayLoad.Options options) throws Exception {
        String name = options.string("name", null);
        int redisPort = options.integer("redis-port", 0);
        int requesterDb = options.integer("requester-db", 1);
        int responderDb = options.integer("responder-db", 2);
        int clientCount = options.integer("clients", 8);
        int window = options.integer("window", 8);
        int serviceCount = options.integer("services", 4);
        int payloadSize = options.integer("payload", 1024);
        double warmup = options.decimal("warmup", 15);
        double duration = options.decimal("duration", 10);
        boolean encrypted = !options.flag("plain");
        Path out = Path.of(options.string("out", null));
        Processes processes = new Processes(new LinkedHashMap<>());
        processes.add("requester", options.integer("requester-pid", 0), true);
        processes.add("responder", options.integer("responder-pid", 0), true);
        processes.add("relay", options.integer("relay-pid", 0), true);
        processes.add("redis", options.integer("redis-pid", 0), false);

        Properties result = new Properties();
        result.setProperty("name", name);
        result.setProperty("encrypted", Boolean.toString(encrypted));
        result.setProperty("clients", Integer.toString(clientCount));
        result.setProperty("window", Integer.toString(window));
        result.setProperty("services", Integer.toString(serviceCount));
        result.setProperty("payload", Integer.toString(payloadSize));
        result.setProperty("loadavg.start", loadAverage());

        // the crypto floor, in this JVM, while the peers are idle
        double floorSeconds = options.decimal("floor-duration", 6);
        if (floorSeconds > 0) {
            log("%s: crypto floor of a round trip (%s), single-threaded", name, encrypted ? "e2e encrypted" : "plain");
            PeerCryptoFloor floor = new PeerCryptoFloor(
                    REQUESTER_SECRET,
                    REQUESTER,
                    RESPONDER_SECRET,
                    RESPONDER,
                    KeyType.SR25519,
                    payload("floor-0000000000", payloadSize),
                    encrypted);
            Properties floorResult = floor.measure(options.decimal("floor-warmup", 8), floorSeconds);
            log(
                    "%s: floor %s µs per round trip (sign %s, verify %s, encrypt %s, decrypt %s, other %s)",
                    name,
                    floorResult.getProperty("floor.us"),
                    floorResult.getProperty("floor.sign.us"),
                    floorResult.getProperty("floor.verify.us"),
                    floorResult.getProperty("floor.encrypt.us"),
                    floorResult.getProperty("floor.decrypt.us"),
                    floorResult.getProperty("floor.other.us"));
            result.putAll(floorResult);
        }

        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        Load load = new Load(run, redisPort, requesterDb, responderDb, clientCount, serviceCount, payloadSize);
        load.warmupLimit = options.decimal("warmup-limit", 60);
        load.jitQuiet = options.decimal("jit-quiet", 5);
        load.start();
        try {
            Phase max = Phase.windowed(clientCount, window);
            Measurement maxResult = load.measure(name + " max", max, processes, warmup, duration);
            load.drain(name, max);
            maxResult.store(result, "max");
            List<String> fractions = new ArrayList<>();
            for (String text : options.string("fractions", "0.5,0.25").split(",")) {
                if (text.isBlank()) {
                    continue;
                }
                double fraction = Double.parseDouble(text.trim());
                Phase paced = Phase.paced(clientCount, maxResult.rate * fraction);
                Thread pacer = new Thread(() -> pace(paced), "pacer");
                pacer.setDaemon(true);
                pacer.start();
                Measurement m = load.measure(
                        name + " paced at " + Math.round(paced.rate) + "/s",
                        paced,
                        processes,
                        Math.min(warmup, 3),
                        duration);
                paced.stopped = true;
                pacer.join();
                load.drain(name, paced);
                m.store(result, "at." + text.trim());
                fractions.add(text.trim());
            }
            result.setProperty("fractions", String.join(",", fractions));
        } finally {
            load.stop();
        }
        long sent = load.sent();
        long lost = sent - load.answered();
        result.setProperty("sent", Long.toString(sent));
        result.setProperty("lost", Long.toString(lost));
        result.setProperty("mismatched", Long.toString(load.mismatched.get()));
        result.setProperty("errors", Long.toString(load.errors.get()));
        result.setProperty("served", Long.toString(load.served.get()));
        result.setProperty("loadavg.end", loadAverage());
        log(
                "%s: %d requests sent, %d lost, %d mismatched, %d errors (%d served by the echo services)",
                name, sent, lost, load.mismatched.get(), load.errors.get(), load.served.get());
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (OutputStream stream = Files.newOutputStream(out)) {
            result.store(stream, "PeerLoad");
        }
        log("%s: written to %s", name, out);
    }

    /** The crypto floor alone: {@code floor [--plain] [--payload 1024] [--floor-warmup 8] [--floor-duration 6]}. */
    private static void floor(RelayLoad.Options options) throws Exception {
        boolean encrypted = !options.flag("plain");
        PeerCryptoFloor floor = new PeerCryptoFloor(
                REQUESTER_SECRET,
                REQUESTER,
                RESPONDER_SECRET,
                RESPONDER,
                KeyType.SR25519,
                payload("floor-0000000000", options.integer("payload", 1024)),
                encrypted);
        Properties result = floor.measure(options.decimal("floor-warmup", 8), options.decimal("floor-duration", 6));
        log(
                "floor (%s): %s µs per round trip (sign %s, verify %s, encrypt %s, decrypt %s, other %s)",
                encrypted ? "e2e encrypted" : "plain",
                result.getProperty("floor.us"),
                result.getProperty("floor.sign.us"),
                result.getProperty("floor.verify.us"),
                result.getProperty("floor.encrypt.us"),
                result.getProperty("floor.decrypt.us"),
                result.getProperty("floor.other.us"));
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

    /** Grants each client its paced requests at their scheduled times. */
    private static void pace(Phase phase) {
        int n = phase.credits.length;
        long g = 0;
        while (!phase.stopped) {
            long due = (long) ((System.nanoTime() - phase.start) * phase.rate / 1e9);
            while (g <= due) {
                phase.credits[(int) (g % n)].release();
                g++;
            }
            long wait = phase.start + (long) (g * 1e9 / phase.rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** How a phase sends: windowed (each answer allows the next request) or paced at a fixed rate. */
    static final class Phase {
        final boolean paced;
        final double rate;
        final long start = System.nanoTime();
        final Semaphore[] credits;
        /** Each client's requests sent before this phase (set when it begins). */
        final long[] base;

        volatile boolean recording;
        volatile boolean stopped;

        private Phase(boolean paced, int clients, int window, double rate) {
            this.paced = paced;
            this.rate = rate;
            this.credits = new Semaphore[clients];
            this.base = new long[clients];
            for (int i = 0; i < clients; i++) {
                credits[i] = new Semaphore(window);
            }
        }

        static Phase windowed(int clients, int window) {
            return new Phase(false, clients, window, 0);
        }

        static Phase paced(int clients, double rate) {
            return new Phase(true, clients, 0, rate);
        }

        /** The scheduled send time of client {@code client}'s {@code k}-th paced request. */
        long scheduled(int client, long k) {
            return start + (long) ((k * credits.length + client) * 1e9 / rate);
        }
    }

    /** The local programs on both sides: clients on the requester's database, echo services on the responder's. */
    static final class Load {
        final String run;
        final int redisPort;
        final int requesterDb;
        final int responderDb;
        final int payloadSize;
        final Client[] clients;
        final int serviceCount;
        final List<Thread> threads = new ArrayList<>();
        final List<RedisConnection> connections = new ArrayList<>();
        final AtomicLong mismatched = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong served = new AtomicLong();
        volatile Phase phase;
        volatile boolean stopping;
        /** Beyond the fixed warm-up, wait at most this long for every JVM's JIT threads to use less than jitQuiet %. */
        double warmupLimit = 60;

        double jitQuiet = 5;
        double warmedUp;

        Load(String run, int redisPort, int requesterDb, int responderDb, int clients, int services, int payloadSize) {
            this.run = run;
            this.redisPort = redisPort;
            this.requesterDb = requesterDb;
            this.responderDb = responderDb;
            this.payloadSize = payloadSize;
            this.clients = new Client[clients];
            this.serviceCount = services;
            for (int i = 0; i < clients; i++) {
                this.clients[i] = new Client(this, i);
            }
        }

        void start() throws IOException {
            for (Client client : clients) {
                client.out = connect(requesterDb);
                client.in = connect(requesterDb);
                thread("client-" + client.index + "-send", client::sendLoop);
                thread("client-" + client.index + "-receive", client::receiveLoop);
            }
            for (int s = 0; s < serviceCount; s++) {
                RedisConnection connection = connect(responderDb);
                thread("service-" + s, () -> serve(connection));
            }
        }

        private RedisConnection connect(int database) throws IOException {
            RedisConnection connection = new RedisConnection(redisPort, database);
            connections.add(connection);
            return connection;
        }

        private void thread(String name, IoLoop loop) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            loop.run();
                        } catch (IOException | RuntimeException e) {
                            if (!stopping) {
                                log("%s failed: %s", Thread.currentThread().getName(), e);
                            }
                        }
                    },
                    name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }

        /** An echo service as a reference service is written: pop the command's list, push the reply. */
        private void serve(RedisConnection redis) throws IOException {
            String queue = LocalKeys.commandQueue(COMMAND);
            while (!stopping) {
                byte[] item = redis.brpop(queue, 1);
                if (item == null) {
                    continue;
                }
                IncomingRequest request;
                try {
                    request = IncomingRequest.parse(item);
                } catch (Exception e) {
                    mismatched.incrementAndGet();
                    log("service: unreadable request: %s", e);
                    continue;
                }
                byte[] reply = new OutgoingResponse(
                                1,
                                request.reference(),
                                request.data(),
                                request.source(),
                                "application/json",
                                System.currentTimeMillis() / 1000,
                                null)
                        .toJson();
                redis.lpush(LocalKeys.SYSTEM_REPLY, reply);
                served.incrementAndGet();
            }
        }

        /** Starts {@code next}, warms up, then measures answered requests, latencies and CPU. */
        Measurement measure(String label, Phase next, Processes processes, double warmup, double duration)
                throws InterruptedException {
            for (Client client : clients) {
                next.base[client.index] = client.sentCount.get();
            }
            phase = next;
            sleep(warmup);
            // fresh JVMs at a few hundred requests/s keep their JIT compilers busy for a while: wait for them
            double settled = 0;
            while (settled < warmupLimit) {
                Processes.Snapshot a = processes.snapshot();
                sleep(3);
                Map<String, Double> jit =
                        processes.usage(a, processes.snapshot()).jit();
                settled += 3;
                if (jit.values().stream().allMatch(percent -> percent < jitQuiet)) {
                    break;
                }
                log("%s: still warming up, JIT compiler threads (%% of a core): %s", label, jit);
            }
            warmedUp = warmup + settled;
            long[] gcBefore = processes.gcPauses();
            Map<String, Long> commandsBefore = redisCommands();
            long retransmitsBefore = tcpRetransmits();
            Processes.Snapshot before = processes.snapshot();
            long answered0 = answered();
            long t0 = System.nanoTime();
            next.recording = true;
            sleep(duration);
            next.recording = false;
            long t1 = System.nanoTime();
            long answered1 = answered();
            Processes.Snapshot after = processes.snapshot();
            Map<String, Long> commandsAfter = redisCommands();
            long retransmits = tcpRetransmits() - retransmitsBefore;
            long[] gcAfter = processes.gcPauses();
            Measurement m = new Measurement();
            m.seconds = (t1 - t0) / 1e9;
            m.requests = answered1 - answered0;
            m.rate = m.requests / m.seconds;
            long[] samples = RelayLoad.Samples.merge(
                    Arrays.stream(clients).map(client -> client.samples).toList());
            m.latencies = RelayLoad.Samples.percentiles(samples, QUANTILES);
            m.samples = samples.length;
            m.cpu = processes.usage(before, after);
            m.gc = new long[gcAfter.length];
            for (int i = 0; i < gcAfter.length; i++) {
                m.gc[i] = gcAfter[i] - gcBefore[i];
            }
            m.gcNames = processes.jvmNames();
            commandsAfter.forEach((command, calls) -> {
                long delta = calls - commandsBefore.getOrDefault(command, 0L);
                if (delta > 0) {
                    m.redisCommands.put(command, delta);
                }
            });
            m.loadAverage = loadAverage();
            m.warmup = warmedUp;
            m.retransmits = retransmits;
            log(
                    "%s: %.0f requests/s, latency ms %s (%d samples); CPU %% %s; GC pauses %s; TCP segments retransmitted "
                            + "on the machine %d; load average %s",
                    label,
                    m.rate,
                    formatLatencies(m.latencies),
                    m.samples,
                    processes.describe(m.cpu),
                    m.gcText(),
                    m.retransmits,
                    m.loadAverage);
            for (Client client : clients) {
                client.samples.clear();
            }
            return m;
        }

        /**
         * TCP segments the machine retransmitted so far (/proc/net/snmp, every process's): on loopback a
         * retransmission means a dropped segment and a wait of at least the 200 ms minimum timeout.
         */
        static long tcpRetransmits() {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
                for (int i = 0; i + 1 < lines.size(); i++) {
                    if (lines.get(i).startsWith("Tcp:") && lines.get(i + 1).startsWith("Tcp:")) {
                        List<String> names = Arrays.asList(lines.get(i).split("\\s+"));
                        return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("RetransSegs")]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log("cannot read the TCP retransmissions: %s", e);
            }
            return 0;
        }

        /** Calls per command so far ({@code INFO commandstats}), without this method's own INFO. */
        Map<String, Long> redisCommands() {
            Map<String, Long> calls = new LinkedHashMap<>();
            try (RedisConnection redis = new RedisConnection(redisPort, 0)) {
                String info = new String((byte[]) redis.command("INFO", "commandstats"), StandardCharsets.UTF_8);
                for (String line : info.split("\r\n")) {
                    if (line.startsWith("cmdstat_")) {
                        String command = line.substring(8, line.indexOf(':'));
                        int at = line.indexOf("calls=") + 6;
                        calls.put(command, Long.parseLong(line.substring(at, line.indexOf(',', at))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                log("cannot read Redis's command statistics: %s", e);
            }
            return calls;
        }

        /** Stops the phase's sending and waits (up to 30 s) until every request sent was answered. */
        void drain(String name, Phase current) throws InterruptedException {
            current.stopped = true;
            for (Client client : clients) {
                synchronized (client) {
                    // a sender between taking a credit and counting its request finishes first
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (answered() >= sent()) {
                    return;
                }
                Thread.sleep(20);
            }
            log("%s: WARNING %d requests unanswered 30 s after the phase ended", name, sent() - answered());
        }

        long sent() {
            return Arrays.stream(clients)
                    .mapToLong(client -> client.sentCount.get())
                    .sum();
        }

        long answered() {
            return Arrays.stream(clients)
                    .mapToLong(client -> client.answered.get())
                    .sum();
        }

        void stop() throws InterruptedException {
            stopping = true;
            Phase current = phase;
            if (current != null) {
                current.stopped = true;
            }
            for (Thread thread : threads) {
                thread.join(3000);
            }
            connections.forEach(RedisConnection::close);
        }
    }

    @FunctionalInterface
    interface IoLoop {
        void run() throws IOException;
    }

    /** One local client of the requester: its own {@code ret} list, one connection to push, one to pop. */
    static final class Client {
        final Load load;
        final int index;
        final String ret;
        final String prefix;
        final String responder = Integer.toString(RESPONDER);
        RedisConnection out;
        RedisConnection in;
        final AtomicLongArray stamps = new AtomicLongArray(RING);
        /** The sequence number of the request outstanding in each slot, -1 when it was answered. */
        final AtomicLongArray outstanding = new AtomicLongArray(RING);

        final AtomicLong sentCount = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final RelayLoad.Samples samples = new RelayLoad.Samples();
        long sent; // under the lock

        Client(Load load, int index) {
            this.load = load;
            this.index = index;
            this.ret = "bench.ret." + load.run + "." + index;
            this.prefix = load.run + "-" + index + "-";
            for (int i = 0; i < RING; i++) {
                outstanding.set(i, -1);
            }
        }

        void sendLoop() throws IOException {
            while (!load.stopping) {
                Phase p = load.phase;
                if (p == null || p.stopped) {
                    sleep(0.005);
                    continue;
                }
                try {
                    if (!p.credits[index].tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                while (sentCount.get() - answered.get() >= RING - 1 && !p.stopped) {
                    LockSupport.parkNanos(1_000_000); // the responses are far behind: wait for room
                }
                long s;
                synchronized (this) {
                    if (p.stopped) {
                        continue;
                    }
                    s = sent++;
                    long stamp = p.paced ? p.scheduled(index, s - p.base[index]) : System.nanoTime();
                    stamps.set((int) (s & MASK), stamp);
                    outstanding.set((int) (s & MASK), s);
                    sentCount.set(sent);
                }
                String ref = prefix + s;
                OutgoingRequest request = new OutgoingRequest(
                        1,
                        ref,
                        COMMAND,
                        300,
                        Base64Data.encode(payload(ref, load.payloadSize)),
                        null,
                        List.of(RESPONDER),
                        ret,
                        "application/json",
                        System.currentTimeMillis() / 1000);
                out.lpush(LocalKeys.SYSTEM_LOCAL, request.toJson());
            }
        }

        void receiveLoop() throws IOException {
            while (!load.stopping) {
                byte[] item = in.brpop(ret, 1);
                if (item == null) {
                    continue;
                }
                long now = System.nanoTime();
                arrived(item, now);
            }
        }

        private void arrived(byte[] json, long now) {
            IncomingResponse response;
            try {
                response = IncomingResponse.parse(json);
            } catch (Exception e) {
                load.mismatched.incrementAndGet();
                log("client %d: unreadable response: %s", index, e);
                return;
            }
            String ref = response.reference();
            long s;
            try {
                s = ref != null && ref.startsWith(prefix) ? Long.parseLong(ref.substring(prefix.length())) : -1;
            } catch (NumberFormatException e) {
                s = -1;
            }
            int slot = (int) (s & MASK);
            if (s < 0 || !outstanding.compareAndSet(slot, s, -1)) {
                if (load.mismatched.incrementAndGet() <= 3) {
                    log("client %d: a response to no outstanding request of this client (ref %s)", index, ref);
                }
                return;
            }
            if (response.error() != null) {
                if (load.errors.incrementAndGet() <= 3) {
                    log(
                            "client %d: error response to %s: %d %s",
                            index,
                            ref,
                            response.error().code(),
                            response.error().message());
                }
            } else if (!responder.equals(response.source())
                    || !response.data().equals(Base64Data.encode(payload(ref, load.payloadSize)))) {
                if (load.mismatched.incrementAndGet() <= 3) {
                    log(
                            "client %d: the response to %s is not its echo (src %s, %d bytes of data)",
                            index, ref, response.source(), response.data().length());
                }
            }
            Phase current = load.phase;
            if (current.recording) {
                samples.add(now - stamps.get(slot));
            }
            answered.incrementAndGet();
            if (!current.paced && !current.stopped) {
                current.credits[index].release();
            }
        }
    }

    /** Result of one measured phase. */
    static final class Measurement {
        double seconds;
        long requests;
        double rate;
        double[] latencies;
        int samples;
        Processes.Usage cpu;
        long[] gc;
        List<String> gcNames;
        String loadAverage;
        double warmup;
        final Map<String, Long> redisCommands = new LinkedHashMap<>();
        long retransmits;

        String gcText() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < gcNames.size(); i++) {
                text.append(i == 0 ? "" : ", ")
                        .append(gcNames.get(i))
                        .append(' ')
                        .append(gc[2 * i])
                        .append(" (")
                        .append(gc[2 * i + 1])
                        .append(" ms)");
            }
            return text.toString();
        }

        void store(Properties into, String prefix) {
            into.setProperty(prefix + ".rate", String.format(Locale.ROOT, "%.0f", rate));
            into.setProperty(prefix + ".requests", Long.toString(requests));
            into.setProperty(prefix + ".samples", Integer.toString(samples));
            for (int q = 0; q < QUANTILES.length; q++) {
                into.setProperty(prefix + "." + QUANTILE_NAMES[q], String.format(Locale.ROOT, "%.3f", latencies[q]));
            }
            for (Map.Entry<String, Double> entry : cpu.percent().entrySet()) {
                into.setProperty(
                        prefix + ".cpu." + entry.getKey(), String.format(Locale.ROOT, "%.0f", entry.getValue()));
                into.setProperty(
                        prefix + ".us." + entry.getKey(),
                        String.format(
                                Locale.ROOT, "%.0f", cpu.seconds().get(entry.getKey()) / Math.max(1, requests) * 1e6));
            }
            cpu.jit()
                    .forEach((name, value) ->
                            into.setProperty(prefix + ".jit." + name, String.format(Locale.ROOT, "%.0f", value)));
            cpu.gc()
                    .forEach((name, value) ->
                            into.setProperty(prefix + ".gcthreads." + name, String.format(Locale.ROOT, "%.0f", value)));
            cpu.system()
                    .forEach((name, value) ->
                            into.setProperty(prefix + ".sys." + name, String.format(Locale.ROOT, "%.1f", value)));
            cpu.threads().forEach((name, groups) -> {
                for (int g = 0; g < groups.length; g++) {
                    into.setProperty(
                            prefix + ".threads." + name + "." + Processes.GROUPS[g],
                            String.format(Locale.ROOT, "%.1f", groups[g]));
                }
            });
            into.setProperty(prefix + ".cpu.others", String.format(Locale.ROOT, "%.0f", cpu.others()));
            into.setProperty(prefix + ".cpu.idle", String.format(Locale.ROOT, "%.0f", cpu.idle()));
            for (int i = 0; i < gcNames.size(); i++) {
                into.setProperty(prefix + ".gc." + gcNames.get(i), gc[2 * i] + " (" + gc[2 * i + 1] + " ms)");
            }
            into.setProperty(prefix + ".loadavg", loadAverage);
            into.setProperty(prefix + ".warmup", String.format(Locale.ROOT, "%.0f", warmup));
            into.setProperty(prefix + ".tcp.retransmits", Long.toString(retransmits));
            StringBuilder commands = new StringBuilder();
            long total = 0;
            for (Map.Entry<String, Long> entry : redisCommands.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .toList()) {
                total += entry.getValue();
                commands.append(commands.length() == 0 ? "" : ", ")
                        .append(entry.getKey())
                        .append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", entry.getValue() / (double) Math.max(1, requests)));
            }
            into.setProperty(prefix + ".redis.commands", commands.toString());
            into.setProperty(
                    prefix + ".redis.commands.per.request",
                    String.format(Locale.ROOT, "%.1f", total / (double) Math.max(1, requests)));
        }
    }

    /**
     * CPU time of the processes of the benchmark (this one is "load") and of the whole machine, from
     * /proc; GC pauses of the JVMs among them from {@code jstat}.
     */
    static final class Processes {
        private final Map<String, Long> pids;
        private final List<String> jvms = new ArrayList<>();

        Processes(Map<String, Long> pids) {
            this.pids = pids;
            pids.put("load", ProcessHandle.current().pid());
        }

        void add(String name, long pid, boolean jvm) {
            if (pid > 0) {
                pids.put(name, pid);
                if (jvm) {
                    jvms.add(name);
                }
            }
        }

        List<String> jvmNames() {
            return List.copyOf(jvms);
        }

        /** Thread groups of a JVM, by the (15-character) names /proc shows: JVM threads, then the code's. */
        static final String[] GROUPS = {"jit", "gc", "workers", "redisson", "websocket", "other"};

        static int group(String comm) {
            if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                return 0;
            }
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                return 1;
            }
            if (comm.startsWith("peer-worker") || comm.startsWith("Default Executo")) {
                return 2; // the peer's executor; Liberty's default executor in the relay
            }
            if (comm.startsWith("redisson-")) {
                return 3;
            }
            if (comm.startsWith("HttpClient-") || comm.startsWith("Inbound ")) {
                return 4; // the JDK WebSocket client's selector; Liberty's channel selectors in the relay
            }
            return 5;
        }

        /**
         * CPU seconds so far: per process (user + system, and system alone), and per JVM and
         * thread group ({@link #GROUPS}).
         */
        record Snapshot(
                long nanos,
                Map<String, Double> seconds,
                Map<String, Double> system,
                Map<String, double[]> threads,
                long idleTicks,
                long allTicks) {}

        /**
         * Percent of one core per process (and of it in the kernel), the rest of the machine
         * ("others") and its idle share; per JVM the percent of one core of each thread group.
         */
        record Usage(
                Map<String, Double> percent,
                Map<String, Double> seconds,
                Map<String, Double> system,
                Map<String, double[]> threads,
                double others,
                double idle) {

            Map<String, Double> jit() {
                return groupPercent(0);
            }

            Map<String, Double> gc() {
                return groupPercent(1);
            }

            private Map<String, Double> groupPercent(int group) {
                Map<String, Double> result = new LinkedHashMap<>();
                threads.forEach((name, groups) -> result.put(name, groups[group]));
                return result;
            }
        }

        Snapshot snapshot() {
            Map<String, Double> seconds = new LinkedHashMap<>();
            Map<String, Double> system = new LinkedHashMap<>();
            Map<String, double[]> threads = new LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                double[] times = processSeconds(pid);
                seconds.put(name, times[0] + times[1]);
                system.put(name, times[1]);
            });
            for (String name : jvms) {
                threads.put(name, jvmThreadSeconds(pids.get(name)));
            }
            long[] machine = machineTicks();
            return new Snapshot(System.nanoTime(), seconds, system, threads, machine[0], machine[1]);
        }

        Usage usage(Snapshot a, Snapshot b) {
            double wall = (b.nanos() - a.nanos()) / 1e9;
            Map<String, Double> percent = new LinkedHashMap<>();
            Map<String, Double> seconds = new LinkedHashMap<>();
            Map<String, Double> system = new LinkedHashMap<>();
            Map<String, double[]> threads = new LinkedHashMap<>();
            double sum = 0;
            for (String name : pids.keySet()) {
                double used = b.seconds().get(name) - a.seconds().get(name);
                seconds.put(name, used);
                percent.put(name, 100 * used / wall);
                system.put(name, 100 * (b.system().get(name) - a.system().get(name)) / wall);
                sum += 100 * used / wall;
            }
            for (String name : jvms) {
                double[] before = a.threads().get(name);
                double[] after = b.threads().get(name);
                double[] groups = new double[GROUPS.length];
                for (int g = 0; g < GROUPS.length; g++) {
                    groups[g] = Math.max(0, 100 * (after[g] - before[g]) / wall);
                }
                threads.put(name, groups);
            }
            long all = b.allTicks() - a.allTicks();
            double idle = all == 0 ? Double.NaN : 100.0 * (b.idleTicks() - a.idleTicks()) / all;
            double busy = (100 - idle) * Runtime.getRuntime().availableProcessors();
            return new Usage(percent, seconds, system, threads, Math.max(0, busy - sum), idle);
        }

        /** CPU seconds of a JVM per thread group, from /proc/PID/task (threads that ended are not counted). */
        private static double[] jvmThreadSeconds(long pid) {
            double[] result = new double[GROUPS.length];
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).trim();
                        double[] times = statSeconds(Files.readString(task.resolve("stat")));
                        result[group(comm)] += times[0] + times[1];
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the threads of process " + pid, e);
            }
            return result;
        }

        private static double[] statSeconds(String stat) {
            return ProcStat.statSeconds(stat);
        }

        String describe(Usage usage) {
            StringBuilder text = new StringBuilder();
            usage.percent()
                    .forEach((name, value) -> text.append(name)
                            .append(' ')
                            .append(String.format(Locale.ROOT, "%.0f", value))
                            .append(", "));
            text.append(String.format(
                    Locale.ROOT,
                    "others %.0f, machine idle %.0f; of which JIT / GC threads:",
                    usage.others(),
                    usage.idle()));
            usage.jit()
                    .forEach((name, value) -> text.append(' ')
                            .append(name)
                            .append(' ')
                            .append(String.format(
                                    Locale.ROOT,
                                    "%.0f / %.0f",
                                    value,
                                    usage.gc().get(name))));
            return text.toString();
        }

        /** {count, ms} of stop-the-world pauses per JVM, in {@link #jvmNames()} order. */
        long[] gcPauses() throws InterruptedException {
            long[] result = new long[2 * jvms.size()];
            for (int i = 0; i < jvms.size(); i++) {
                long[] pauses = jstat(pids.get(jvms.get(i)));
                result[2 * i] = pauses[0];
                result[2 * i + 1] = pauses[1];
            }
            return result;
        }

        private static long[] jstat(long pid) throws InterruptedException {
            try {
                Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
                Process process = new ProcessBuilder(jstat.toString(), "-gc", Long.toString(pid))
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
                // young and full collections; G1's concurrent cycles pause only briefly
                long count =
                        Long.parseLong(values[names.indexOf("YGC")]) + Long.parseLong(values[names.indexOf("FGC")]);
                long millis = Math.round(1000
                        * (Double.parseDouble(values[names.indexOf("YGCT")])
                                + Double.parseDouble(values[names.indexOf("FGCT")])));
                return new long[] {count, millis};
            } catch (IOException | RuntimeException e) {
                log("cannot read the GC counts of process %d: %s", pid, e);
                return new long[2];
            }
        }

        private static double[] processSeconds(long pid) {
            return ProcStat.processSeconds(pid);
        }

        private static long[] machineTicks() {
            return ProcStat.machineTicks();
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------- report

    private static void report(String[] files) throws IOException {
        List<Properties> runs = new ArrayList<>();
        for (String file : files) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                p.load(in);
            }
            runs.add(p);
        }
        System.out.println("| payload | max req/s | crypto floor µs per round trip | floor req/s on 2 cores | × floor "
                + "| paced at req/s | p50 | p90 | p99 | p99.9 (ms, paced) | sent | lost / mismatched / errors |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Properties p : runs) {
            double max = number(p, "max.rate");
            double floor = number(p, "floor.us");
            double floorRate = 2e6 / floor;
            String first = p.getProperty("fractions", "").split(",")[0];
            String k = "at." + first;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %.0f | %.0f | %.2f | %s | %s | %s | %s | %s | %s | %s / %s / %s |%n",
                    p.getProperty("name"),
                    max,
                    floor,
                    floorRate,
                    max / floorRate,
                    p.getProperty(k + ".rate"),
                    p.getProperty(k + ".p50"),
                    p.getProperty(k + ".p90"),
                    p.getProperty(k + ".p99"),
                    p.getProperty(k + ".p99.9"),
                    p.getProperty("sent"),
                    p.getProperty("lost"),
                    p.getProperty("mismatched"),
                    p.getProperty("errors"));
        }
        System.out.println();
        System.out.println("| payload (at max) | requester peer | responder peer | relay | Redis | clients + services "
                + "| all | peers ÷ floor | CPU % requester / responder / relay / Redis / load / other | machine idle % "
                + "| p50 / p99 (ms) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Properties p : runs) {
            double a = number(p, "max.us.requester");
            double b = number(p, "max.us.responder");
            double all = a + b + number(p, "max.us.relay") + number(p, "max.us.redis") + number(p, "max.us.load");
            System.out.printf(
                    Locale.ROOT,
                    "| %s (CPU µs per request) | %.0f | %.0f | %s | %s | %s | %.0f | %.2f | %s / %s / %s / %s / %s / %s | %s | %s / %s |%n",
                    p.getProperty("name"),
                    a,
                    b,
                    p.getProperty("max.us.relay"),
                    p.getProperty("max.us.redis"),
                    p.getProperty("max.us.load"),
                    all,
                    (a + b) / number(p, "floor.us"),
                    p.getProperty("max.cpu.requester"),
                    p.getProperty("max.cpu.responder"),
                    p.getProperty("max.cpu.relay"),
                    p.getProperty("max.cpu.redis"),
                    p.getProperty("max.cpu.load"),
                    p.getProperty("max.cpu.others"),
                    p.getProperty("max.cpu.idle"),
                    p.getProperty("max.p50"),
                    p.getProperty("max.p99"));
        }
        System.out.println();
        // the peers' thread pools are fixed; Liberty's come and go (an ended thread's time leaves /proc), so the
        // relay is not split
        System.out.println(
                "| payload (at max) | peer | CPU µs per request | of it in the kernel | executor threads | Redis client "
                        + "threads | WebSocket threads | GC threads | JIT compiler | other threads |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Properties p : runs) {
            double rate = number(p, "max.rate");
            for (String jvm : List.of("requester", "responder")) {
                StringBuilder row = new StringBuilder(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %.0f |",
                        p.getProperty("name"),
                        jvm,
                        p.getProperty("max.us." + jvm),
                        number(p, "max.sys." + jvm) * 1e4 / rate));
                for (String group : List.of("workers", "redisson", "websocket", "gc", "jit", "other")) {
                    row.append(String.format(
                            Locale.ROOT, " %.0f |", number(p, "max.threads." + jvm + "." + group) * 1e4 / rate));
                }
                System.out.println(row);
            }
        }
        System.out.println();
        for (Properties p : runs) {
            System.out.printf(
                    Locale.ROOT,
                    "Redis commands per request (%s, at max): %s in all: %s.%n%n",
                    p.getProperty("name"),
                    p.getProperty("max.redis.commands.per.request"),
                    p.getProperty("max.redis.commands"));
        }
        System.out.println(
                "| payload | crypto floor per round trip (µs, one thread) | 2 × sign | 2 × verify | 2 × encrypt "
                        + "| 2 × decrypt | build + parse |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Properties p : runs) {
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    p.getProperty("name"),
                    p.getProperty("floor.us"),
                    p.getProperty("floor.sign.us"),
                    p.getProperty("floor.verify.us"),
                    p.getProperty("floor.encrypt.us"),
                    p.getProperty("floor.decrypt.us"),
                    p.getProperty("floor.other.us"));
        }
        System.out.println();
        System.out.println(
                "| payload | phase | req/s | p50 | p90 | p99 | p99.9 (ms) | CPU % requester / responder / relay "
                        + "/ Redis / load / other | of which JIT / GC threads, requester; responder; relay "
                        + "| GC pauses requester / responder / relay | TCP retransmits (machine) | load average |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Properties p : runs) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {
                "max", "max (window " + p.getProperty("clients") + " × " + p.getProperty("window") + ")"
            });
            for (String fraction : p.getProperty("fractions", "").split(",")) {
                if (!fraction.isEmpty()) {
                    rows.add(new String[] {"at." + fraction, fraction + " × max"});
                }
            }
            for (String[] row : rows) {
                String k = row[0];
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s / %s / %s | %s / %s; %s / %s; %s / %s | %s / %s / %s | %s | %s |%n",
                        p.getProperty("name"),
                        row[1],
                        p.getProperty(k + ".rate"),
                        p.getProperty(k + ".p50"),
                        p.getProperty(k + ".p90"),
                        p.getProperty(k + ".p99"),
                        p.getProperty(k + ".p99.9"),
                        p.getProperty(k + ".cpu.requester"),
                        p.getProperty(k + ".cpu.responder"),
                        p.getProperty(k + ".cpu.relay"),
                        p.getProperty(k + ".cpu.redis"),
                        p.getProperty(k + ".cpu.load"),
                        p.getProperty(k + ".cpu.others"),
                        p.getProperty(k + ".jit.requester", "?"),
                        p.getProperty(k + ".gcthreads.requester", "?"),
                        p.getProperty(k + ".jit.responder", "?"),
                        p.getProperty(k + ".gcthreads.responder", "?"),
                        p.getProperty(k + ".jit.relay", "?"),
                        p.getProperty(k + ".gcthreads.relay", "?"),
                        p.getProperty(k + ".gc.requester", "?"),
                        p.getProperty(k + ".gc.responder", "?"),
                        p.getProperty(k + ".gc.relay", "?"),
                        p.getProperty(k + ".tcp.retransmits", "?"),
                        p.getProperty(k + ".loadavg", "?"));
            }
        }
    }

    private static double number(Properties p, String key) {
        String value = p.getProperty(key);
        return value == null ? Double.NaN : Double.parseDouble(value);
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

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[peer-load] " + format + "%n", args);
        System.out.flush();
    }
}
