package dev.rmbee.bench.peer;

import dev.rmbee.bench.load.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** The {@code report} command ({@link PeerLoad}): result files as the Markdown tables of docs/benchmarks.md. */
final class PeerReport {

    private PeerReport() {}

    static void print(String[] files) throws IOException {
        List<Properties> runs = new ArrayList<>();
        for (String file : files) {
            runs.add(ResultFiles.load(Path.of(file)));
        }
        throughput(runs);
        System.out.println();
        cpu(runs);
        System.out.println();
        threads(runs);
        System.out.println();
        redisCommands(runs);
        floor(runs);
        System.out.println();
        phases(runs);
    }

    /** Each mode's maximum next to the crypto floor, and latencies at the first paced fraction. */
    private static void throughput(List<Properties> runs) {
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
    }

    /** CPU µs per request of every process at the maximum. */
    private static void cpu(List<Properties> runs) {
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
    }

    /** Each peer's CPU per request by thread group, at the maximum. */
    private static void threads(List<Properties> runs) {
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
    }

    /** Redis's commands per request at the maximum, a paragraph each. */
    private static void redisCommands(List<Properties> runs) {
        for (Properties p : runs) {
            System.out.printf(
                    Locale.ROOT,
                    "Redis commands per request (%s, at max): %s in all: %s. Round trips per request (commands "
                            + "or script calls a client sent and waited for, as Redis's socket reads): %s.%n%n",
                    p.getProperty("name"),
                    p.getProperty("max.redis.commands.per.request"),
                    p.getProperty("max.redis.commands"),
                    p.getProperty("max.redis.round.trips.per.request"));
        }
    }

    /** The crypto floor's steps. */
    private static void floor(List<Properties> runs) {
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
    }

    /** Every phase: the maximum and the paced fractions. */
    private static void phases(List<Properties> runs) {
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
}
