package dev.rmbee.bench.peer;

import dev.rmbee.testing.RedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counters of the machine the benchmark reads before and after a phase: Redis's commands, TCP retransmissions. */
final class MachineCounters {
    private final int redisPort;

    MachineCounters(int redisPort) {
        this.redisPort = redisPort;
    }

    /**
     * Calls per command so far ({@code INFO commandstats}: those a script runs count too), and under
     * {@link #ROUND_TRIPS} the socket reads Redis processed ({@code total_reads_processed} of {@code
     * INFO stats}): one per command a client sent and waited for, or per batch of commands that
     * arrived together; a script call is one, whatever it runs.
     */
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
            String stats = new String((byte[]) redis.command("INFO", "stats"), StandardCharsets.UTF_8);
            for (String line : stats.split("\r\n")) {
                if (line.startsWith("total_reads_processed:")) {
                    calls.put(ROUND_TRIPS, Long.parseLong(line.substring(line.indexOf(':') + 1)));
                }
            }
        } catch (IOException | RuntimeException e) {
            PeerLoad.LOG.log("cannot read Redis's command statistics: %s", e);
        }
        return calls;
    }

    /** The key of {@link #redisCommands} under which Redis's socket reads are: not a command. */
    static final String ROUND_TRIPS = "(reads)";

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
            PeerLoad.LOG.log("cannot read the TCP retransmissions: %s", e);
        }
        return 0;
    }
}
