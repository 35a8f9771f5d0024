package dev.rmbee.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 3-master Redis Cluster the build runs for the server integration tests (the pom's {@code
 * it-redis-cluster-*} executions: three redis-servers from {@code it.redis.binary} in cluster mode on
 * 127.0.0.1, ports {@code it.redis.cluster.ports}, nothing persisted), formed without {@code
 * redis-cli}: each node gets a third of the slots ({@code CLUSTER ADDSLOTS}; the build's Redis 6.2 has
 * no {@code ADDSLOTSRANGE}), the first meets the others ({@code CLUSTER MEET}), and the build waits
 * until every node reports {@code cluster_state:ok} and knows all of them.
 *
 * <pre>
 * BuildRedisCluster form &lt;executable&gt; &lt;port&gt;...   wait for each node started from that binary,
 *                                                 empty and reset it, assign the slots, meet, await ok
 * BuildRedisCluster shutdown &lt;port&gt;...             SHUTDOWN NOSAVE each (nothing to do where none runs)
 * </pre>
 */
public final class BuildRedisCluster {

    /** The hash slots of a Redis Cluster. */
    public static final int SLOTS = 16384;

    /** The error replies that show a command sent to the wrong node or naming keys of several slots. */
    public static final List<String> CLUSTER_ERRORS = List.of("CROSSSLOT", "MOVED", "ASK", "TRYAGAIN", "CLUSTERDOWN");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(30);

    private BuildRedisCluster() {}

    /** The nodes' ports ({@code it.redis.cluster.ports}, comma-separated). */
    public static List<Integer> ports() {
        return parsePorts(System.getProperty("it.redis.cluster.ports", "6392,6393,6394"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("form")) {
            form(Path.of(args[1]), parsePorts(String.join(",", Arrays.copyOfRange(args, 2, args.length))));
        } else if (args.length >= 2 && args[0].equals("shutdown")) {
            for (int port : parsePorts(String.join(",", Arrays.copyOfRange(args, 1, args.length)))) {
                RedisControl.shutdown(port);
            }
        } else {
            throw new IllegalArgumentException(
                    "usage: BuildRedisCluster form <executable> <port>... | shutdown <port>...");
        }
    }

    /**
     * Makes one cluster of the redis-servers on {@code ports} (each started from {@code executable}
     * in cluster mode): empties and resets each (a node left from an aborted build forms anew), gives
     * each an equal share of the slots, in order, and waits until all agree that the cluster is ok.
     */
    public static void form(Path executable, List<Integer> ports) throws IOException {
        for (int port : ports) {
            RedisControl.await(port, executable, START_TIMEOUT);
            RedisControl.command(port, "FLUSHALL");
            RedisControl.command(port, "CLUSTER", "RESET", "HARD");
        }
        for (int i = 0; i < ports.size(); i++) {
            int first = SLOTS * i / ports.size();
            int end = SLOTS * (i + 1) / ports.size();
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = first; slot < end; slot++) {
                command.add(Integer.toString(slot));
            }
            RedisControl.command(ports.get(i), command.toArray(String[]::new));
        }
        for (int port : ports.subList(1, ports.size())) {
            RedisControl.command(ports.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(port));
        }
        for (int port : ports) {
            Await.until(
                    "node " + port + " of the Redis Cluster reporting cluster_state:ok with " + ports.size() + " nodes",
                    () -> {
                        Map<String, String> info = fields(RedisControl.command(port, "CLUSTER", "INFO"));
                        return "ok".equals(info.get("cluster_state"))
                                && Integer.toString(ports.size()).equals(info.get("cluster_known_nodes"));
                    },
                    FORM_TIMEOUT);
        }
    }

    /**
     * The node's error replies so far by kind ({@code INFO errorstats}: {@code ERR}, {@code MOVED},
     * {@code CROSSSLOT}, …), each with how many it sent.
     */
    public static Map<String, Long> errorCounts(int port) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        fields(RedisControl.command(port, "INFO", "errorstats")).forEach((name, value) -> {
            if (name.startsWith("errorstat_") && value.startsWith("count=")) {
                counts.put(name.substring("errorstat_".length()), Long.parseLong(value.substring("count=".length())));
            }
        });
        return counts;
    }

    /** The {@code name:value} lines of an INFO-style reply. */
    public static Map<String, String> fields(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static List<Integer> parsePorts(String ports) {
        return Arrays.stream(ports.split(","))
                .map(String::trim)
                .filter(port -> !port.isEmpty())
                .map(Integer::valueOf)
                .toList();
    }
}
