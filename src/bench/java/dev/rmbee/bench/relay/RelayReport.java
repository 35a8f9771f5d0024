package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** The {@code report} command ({@link RelayLoad}): results files as the Markdown tables of docs/benchmarks.md. */
final class RelayReport {

    private RelayReport() {}

    static void print(String[] files) throws IOException {
        List<Properties> runs = new ArrayList<>();
        List<Properties> idle = new ArrayList<>();
        for (String file : files) {
            Properties p = ResultFiles.load(Path.of(file));
            if (p.containsKey("sessions")) {
                idle.add(p);
            } else {
                runs.add(p);
            }
        }
        if (!runs.isEmpty()) {
            throughput(runs);
            System.out.println();
            cpu(runs);
            if (runs.stream().anyMatch(p -> !p.getProperty("fractions", "").isEmpty())) {
                System.out.println();
                paced(runs);
            }
            if (runs.stream().anyMatch(p -> !p.getProperty("relays", "1").equals("1"))) {
                System.out.println();
                relays(runs);
            }
            problems(runs);
        }
        if (!idle.isEmpty()) {
            connects(idle);
            idle(idle);
        }
    }

    /** The maximum of each run, its ratio to the echo's (else the first run's), and latencies at half of it. */
    private static void throughput(List<Properties> runs) {
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
    }

    /** CPU per message and CPU shares at the maximum. */
    private static void cpu(List<Properties> runs) {
        System.out.println("| target (at max) | server CPU µs/msg | Redis CPU µs/msg | CPU % server / client / Redis / "
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
    }

    /** Every paced phase: half the maximum and each fraction of it. */
    private static void paced(List<Properties> runs) {
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

    /** Federation and several instances of one relay: each server's CPU, and the messages out of place. */
    private static void relays(List<Properties> runs) {
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

    /** A line for each run with messages out of place or unexpected, or sockets closed. */
    private static void problems(List<Properties> runs) {
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

    /**
     * How fast the idle sessions connected, and what each connection cost the server
     * (docs/benchmarks.md): the cold round on a server that just started, then the warm one on the
     * same server, when there was one.
     */
    private static void connects(List<Properties> runs) {
        System.out.println();
        System.out.println("| sessions connecting | connected | in | sessions/s | server CPU µs per connection"
                + " | Redis CPU µs | client CPU µs | machine idle % | at a time |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Properties p : runs) {
            boolean warm = p.containsKey(IdleSessions.WARM + "opened");
            connectRow(p, "", warm ? ", cold" : "");
            if (warm) {
                connectRow(p, IdleSessions.WARM, ", warm");
            }
        }
    }

    private static void connectRow(Properties p, String prefix, String round) {
        System.out.printf(
                Locale.ROOT,
                "| %s%s | %s of %s | %s s | %s | %s | %s | %s | %s | %s |%n",
                p.getProperty("name", "Redis"),
                round,
                p.getProperty(prefix + "opened"),
                p.getProperty("sessions"),
                p.getProperty(prefix + "open.seconds"),
                p.getProperty(prefix + "connect.rate", "–"),
                p.getProperty(prefix + "connect.server.us", "–"),
                p.getProperty(prefix + "connect.redis.us", "–"),
                p.getProperty(prefix + "connect.client.us", "–"),
                p.getProperty(prefix + "connect.idle", "–"),
                p.getProperty(prefix + "concurrency", "32"));
    }

    /** The idle sessions' heap, and the CPU they cost while idle (% of one core). */
    private static void idle(List<Properties> runs) {
        System.out.println();
        System.out.println("| idle sessions | opened in | heap before | heap with them | per session | pongs | closed |"
                + " server CPU while idle (its JIT) | Redis CPU while idle |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Properties idle : runs) {
            long before = Long.parseLong(idle.getProperty("heap.before.kib"));
            long after = Long.parseLong(idle.getProperty("heap.after.kib"));
            int opened = Integer.parseInt(idle.getProperty("opened"));
            System.out.printf(
                    Locale.ROOT,
                    "| %d of %s (%s, -Xmx%s) | %s s | %.1f MiB | %.1f MiB | %.1f KiB | %s/%s | %s | %s %% (%s %%) | %s %% |%n",
                    opened,
                    idle.getProperty("sessions"),
                    idle.getProperty("name", "Redis"),
                    idle.getProperty("heap.max"),
                    idle.getProperty("open.seconds"),
                    before / 1024.0,
                    after / 1024.0,
                    (after - before) / (double) Math.max(1, opened),
                    idle.getProperty("pings.answered"),
                    idle.getProperty("pings.sampled"),
                    idle.getProperty("closed.by.server"),
                    idle.getProperty("idle.server.cpu", "–"),
                    idle.getProperty("idle.server.jit", "–"),
                    idle.getProperty("idle.redis.cpu", "–"));
        }
    }
}
