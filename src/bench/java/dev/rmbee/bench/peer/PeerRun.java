package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ProcStat;
import dev.rmbee.bench.load.ResultFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Properties;

/**
 * The {@code run} command ({@link PeerLoad}): the crypto floor, then the local programs on both
 * peers loaded to the maximum and paced at fractions of it, every response checked; and the
 * {@code floor} command, the crypto floor alone.
 */
final class PeerRun {

    private PeerRun() {}

    static void run(Options options) throws Exception {
        String name = options.string("name", null);
        int clientCount = options.integer("clients", 8);
        int window = options.integer("window", 8);
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
        result.setProperty("services", Integer.toString(options.integer("services", 4)));
        result.setProperty("payload", Integer.toString(payloadSize));
        result.setProperty("loadavg.start", ProcStat.loadAverage());

        // the crypto floor, in this JVM, while the peers are idle
        double floorSeconds = options.decimal("floor-duration", 6);
        if (floorSeconds > 0) {
            PeerLoad.LOG.log(
                    "%s: crypto floor of a round trip (%s), single-threaded",
                    name, encrypted ? "e2e encrypted" : "plain");
            Properties floor = PeerCryptoFloor.forBench(payloadSize, encrypted)
                    .measure(options.decimal("floor-warmup", 8), floorSeconds);
            PeerLoad.LOG.log("%s: floor %s", name, PeerCryptoFloor.describe(floor));
            result.putAll(floor);
        }

        LocalPrograms programs = LocalPrograms.of(options);
        PhaseMeasure measure = new PhaseMeasure(
                programs, processes, options.decimal("warmup-limit", 60), options.decimal("jit-quiet", 5));
        programs.start();
        try {
            Phase max = Phase.windowed(clientCount, window);
            Measurement maxResult = measure.measure(name + " max", max, warmup, duration);
            programs.drain(name, max);
            maxResult.store(result, "max");
            List<String> fractions = new ArrayList<>();
            for (String text : options.string("fractions", "0.5,0.25").split(",")) {
                if (text.isBlank()) {
                    continue;
                }
                double fraction = Double.parseDouble(text.trim());
                paced(name, programs, measure, maxResult.rate * fraction, warmup, duration)
                        .store(result, "at." + text.trim());
                fractions.add(text.trim());
            }
            result.setProperty("fractions", String.join(",", fractions));
        } finally {
            programs.stop();
        }
        programs.storeChecks(name, result);
        result.setProperty("loadavg.end", ProcStat.loadAverage());
        ResultFiles.store(result, out, "PeerLoad");
        PeerLoad.LOG.log("%s: written to %s", name, out);
    }

    /** One paced phase at {@code rate} requests/s over all clients. */
    private static Measurement paced(
            String name, LocalPrograms programs, PhaseMeasure measure, double rate, double warmup, double duration)
            throws InterruptedException {
        Phase paced = Phase.paced(programs.clients.length, rate);
        Thread pacer = new Thread(paced::pace, "pacer");
        pacer.setDaemon(true);
        pacer.start();
        Measurement m = measure.measure(
                name + " paced at " + Math.round(paced.rate()) + "/s", paced, Math.min(warmup, 3), duration);
        paced.stopped = true;
        pacer.join();
        programs.drain(name, paced);
        return m;
    }

    /** The crypto floor alone: {@code floor [--plain] [--payload 1024] [--floor-warmup 8] [--floor-duration 6]}. */
    static void floor(Options options) throws Exception {
        boolean encrypted = !options.flag("plain");
        Properties result = PeerCryptoFloor.forBench(options.integer("payload", 1024), encrypted)
                .measure(options.decimal("floor-warmup", 8), options.decimal("floor-duration", 6));
        PeerLoad.LOG.log("floor (%s): %s", encrypted ? "e2e encrypted" : "plain", PeerCryptoFloor.describe(result));
    }
}
