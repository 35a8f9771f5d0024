package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.ResultFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The {@code report} command ({@link ChainBench}): the contacts and flood results as Markdown tables. */
final class ChainReport {

    private ChainReport() {}

    static void print(String[] files) throws IOException {
        List<Properties> rounds = new ArrayList<>();
        List<Properties> floods = new ArrayList<>();
        for (String file : files) {
            Properties p = ResultFiles.load(Path.of(file));
            (p.containsKey("kind") ? floods : rounds).add(p);
        }
        if (!rounds.isEmpty()) {
            contacts(rounds);
        }
        if (!floods.isEmpty()) {
            System.out.println();
            floods(floods);
        }
    }

    private static void contacts(List<Properties> rounds) {
        row(
                "registry",
                "round",
                "twins × at a time",
                "upgrades",
                "upgrades/s",
                "p50",
                "p90",
                "p99",
                "max (ms)",
                "relay CPU µs/upgrade",
                "chain node CPU µs/upgrade",
                "Twins reads (ids)",
                "TwinID reads",
                "answers");
        System.out.println(
                "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Properties p : rounds) {
            row(
                    p.getProperty("name"),
                    p.getProperty("round"),
                    p.getProperty("distinct") + " × " + p.getProperty("concurrency"),
                    p.getProperty("round.attempts"),
                    p.getProperty("round.rate"),
                    p.getProperty("round.p50"),
                    p.getProperty("round.p90"),
                    p.getProperty("round.p99"),
                    p.getProperty("round.max"),
                    p.getProperty("round.server.us.each"),
                    p.getProperty("round.node.us.each"),
                    p.getProperty("round.reads.twins") + " (" + p.getProperty("round.reads.twins.distinct") + ")",
                    p.getProperty("round.reads.twinid"),
                    p.getProperty("round.status"));
        }
    }

    private static void floods(List<Properties> floods) {
        row(
                "flood of",
                "attempts",
                "attempts/s",
                "answers",
                "relay CPU µs/attempt",
                "CPU % relay / chain node / client / other",
                "Twins reads (ids)",
                "TwinID reads",
                "System.Events reads",
                "real twin's upgrade p50 / p99 / max (ms)",
                "probe answers");
        System.out.println("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Properties p : floods) {
            boolean quiet = p.getProperty("kind").equals("quiet");
            row(
                    p.getProperty("kind"),
                    quiet ? "0" : p.getProperty("flood.attempts"),
                    quiet ? "—" : p.getProperty("flood.rate"),
                    quiet ? "—" : p.getProperty("flood.status"),
                    quiet ? "—" : p.getProperty("flood.server.us.each"),
                    p.getProperty("flood.cpu.server") + " / " + p.getProperty("flood.cpu.node") + " / "
                            + p.getProperty("flood.cpu.client") + " / " + p.getProperty("flood.cpu.others"),
                    p.getProperty("flood.reads.twins") + " (" + p.getProperty("flood.reads.twins.distinct") + ")",
                    p.getProperty("flood.reads.twinid"),
                    p.getProperty("flood.reads.events"),
                    p.getProperty("probe.p50") + " / " + p.getProperty("probe.p99") + " / "
                            + p.getProperty("probe.max"),
                    p.getProperty("probe.status"));
        }
    }

    private static void row(String... cells) {
        System.out.println("| " + String.join(" | ", cells) + " |");
    }
}
