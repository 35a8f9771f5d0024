package dev.rmbee.bench.relay;

import dev.rmbee.bench.load.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Result of one measured phase. */
final class Measurement {
    double seconds;
    long messages;
    double rate;
    double[] latencies;
    int samples;
    RelayCpu.Usage cpu;
    /** Stop-the-world GC pauses during the measurement: server count, server ms, client count, client ms. */
    final long[] gc = new long[4];

    void store(Properties into, String prefix) {
        into.setProperty(prefix + ".rate", String.format(Locale.ROOT, "%.0f", rate));
        into.setProperty(prefix + ".messages", Long.toString(messages));
        into.setProperty(prefix + ".samples", Integer.toString(samples));
        Samples.store(latencies, into, prefix);
        into.setProperty(prefix + ".cpu.client", String.format(Locale.ROOT, "%.0f", cpu.client()));
        into.setProperty(prefix + ".cpu.server", String.format(Locale.ROOT, "%.0f", cpu.server()));
        into.setProperty(prefix + ".cpu.redis", String.format(Locale.ROOT, "%.0f", cpu.redis()));
        into.setProperty(prefix + ".cpu.others", String.format(Locale.ROOT, "%.0f", cpu.others()));
        into.setProperty(prefix + ".cpu.idle", String.format(Locale.ROOT, "%.0f", cpu.idle()));
        into.setProperty(prefix + ".gc.server", gc[0] + " (" + gc[1] + " ms)");
        into.setProperty(prefix + ".gc.client", gc[2] + " (" + gc[3] + " ms)");
        into.setProperty(
                prefix + ".server.us.per.msg",
                String.format(Locale.ROOT, "%.1f", cpu.serverSeconds() / messages * 1e6));
        into.setProperty(
                prefix + ".redis.us.per.msg", String.format(Locale.ROOT, "%.1f", cpu.redisSeconds() / messages * 1e6));
        // each relay server on its own (federation: relay 1 / relay 2)
        List<String> percent = new ArrayList<>();
        List<String> perMessage = new ArrayList<>();
        for (int i = 0; i < cpu.serverEach().length; i++) {
            percent.add(String.format(Locale.ROOT, "%.0f", cpu.serverEach()[i]));
            perMessage.add(String.format(Locale.ROOT, "%.1f", cpu.serverSecondsEach()[i] / messages * 1e6));
        }
        into.setProperty(prefix + ".cpu.server.each", String.join(" / ", percent));
        into.setProperty(prefix + ".server.us.per.msg.each", String.join(" / ", perMessage));
    }
}
