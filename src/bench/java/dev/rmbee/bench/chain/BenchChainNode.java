package dev.rmbee.bench.chain;

import dev.rmbee.bench.load.Options;
import dev.rmbee.bench.load.ResultFiles;
import dev.rmbee.registry.Twin;
import dev.rmbee.testing.TestChainNode;
import dev.rmbee.testing.TestChainNode.TwinEvent;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The {@code node} command ({@link ChainBench}): starts the test chain node ({@link TestChainNode},
 * polkadot-js) on fixed ports, puts the benchmark's twins on it and stays up until it is killed
 * (the node goes with it). On the chain: the shared twins 1–5, every id of {@code --contacts}
 * ({@code 1001-1200,2001-4000}), the ids of {@code --deleted} put and deleted again, and twin
 * {@code --last}, the chain's last id; all served by {@code localhost}. The same twins but the
 * deleted ones go to {@code --twins-file}, for the relay on a file registry; {@code --ready} gets the
 * node's process id once all is in place.
 */
final class BenchChainNode {

    private BenchChainNode() {}

    static void run(Options options) throws Exception {
        int rpcPort = options.integer("rpc-port", 9960);
        int controlPort = options.integer("control-port", 9961);
        List<Integer> twins = new ArrayList<>(List.of(1, 2, 3, 4, 5));
        for (String range : options.string("contacts", "1001-1200").split(",")) {
            twins.addAll(ids(range));
        }
        List<Integer> deleted = ids(options.string("deleted", "100001-101000"));
        twins.add(options.integer("last", 16_777_217));
        TestChainNode node = TestChainNode.builder()
                .rpcPorts(rpcPort)
                .controlPort(controlPort)
                .blockInterval(Duration.ofMillis(options.integer("block-ms", 6000)))
                .start();
        ChainBench.LOG.log(
                "node: serving ws://127.0.0.1:%d (control %d); putting %d twins", rpcPort, controlPort, twins.size());
        for (int id : twins) {
            node.putTwin(BenchKeys.twin(id), TwinEvent.NONE);
        }
        ChainControl control = new ChainControl(controlPort);
        for (int id : deleted) {
            node.putTwin(BenchKeys.twin(id), TwinEvent.NONE);
            control.deleteQuietly(id);
        }
        writeTwinsFile(twins, Path.of(options.string("twins-file", null)));
        Properties ready = new Properties();
        ready.setProperty("node.pid", Long.toString(nodePid()));
        ready.setProperty("twins", Integer.toString(twins.size()));
        ready.setProperty("deleted", Integer.toString(deleted.size()));
        ResultFiles.store(ready, Path.of(options.string("ready", null)), "ChainBench node");
        ChainBench.LOG.log(
                "node: %d twins on the chain, %d deleted; best block %s",
                twins.size(), deleted.size(), node.status().get("best"));
        Thread.currentThread().join(); // until killed: the node then goes with this JVM
    }

    /** The ids of {@code first-last} (or one id). */
    static List<Integer> ids(String range) {
        String[] ends = range.trim().split("-");
        int first = Integer.parseInt(ends[0]);
        int last = Integer.parseInt(ends[ends.length - 1]);
        List<Integer> ids = new ArrayList<>();
        for (int id = first; id <= last; id++) {
            ids.add(id);
        }
        return ids;
    }

    private static void writeTwinsFile(List<Integer> ids, Path file) throws Exception {
        HexFormat hex = HexFormat.of();
        JsonArrayBuilder twins = Json.createArrayBuilder();
        for (int id : ids) {
            Twin twin = BenchKeys.twin(id);
            JsonObjectBuilder entry = Json.createObjectBuilder()
                    .add("id", id)
                    .add("account", "0x" + hex.formatHex(twin.account()))
                    .add("relays", Json.createArrayBuilder(List.copyOf(twin.relays())));
            twins.add(twin.hasPk() ? entry.add("pk", "0x" + hex.formatHex(twin.pk())) : entry.addNull("pk"));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(
                file,
                Json.createObjectBuilder()
                        .add("comment", "ChainBench: the chain's twins, for the relay on a file registry")
                        .add("twins", twins)
                        .build()
                        .toString());
    }

    /** The {@code node} child process of this JVM. */
    private static long nodePid() {
        return ProcessHandle.current()
                .children()
                .filter(child -> child.info().command().orElse("").endsWith("node"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no node child process"))
                .pid();
    }
}
