package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisControl;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * {@link RespCluster} on a two-master Redis Cluster of its own (slots 0–8191 on the first node,
 * the rest on the second), so that moving slots disturbs no other test.
 */
class RespClusterIT {

    private static final int HALF = HashSlots.COUNT / 2;
    private static final List<RedisServer> SERVERS = new ArrayList<>();
    private static int first;
    private static int second;

    private RespCluster cluster;

    @BeforeAll
    static void formCluster() throws Exception {
        first = start();
        second = start();
        addSlots(first, 0, HALF);
        addSlots(second, HALF, HashSlots.COUNT);
        command(first, "CLUSTER", "MEET", "127.0.0.1", Integer.toString(second));
        for (int port : List.of(first, second)) {
            Await.until(
                    "node " + port + " ok and knowing both",
                    () -> command(port, "CLUSTER", "INFO").contains("cluster_state:ok")
                            && command(port, "CLUSTER", "NODES").lines().count() == 2);
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        for (RedisServer server : SERVERS) {
            server.stop();
        }
    }

    @BeforeEach
    void connect() {
        cluster = RespCluster.connect(List.of(RespAddress.parse("redis://127.0.0.1:" + first)), RespOptions.DEFAULTS);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void eachCommandGoesToTheMasterOfItsKeysSlot() throws Exception {
        command(first, "CONFIG", "RESETSTAT");
        command(second, "CONFIG", "RESETSTAT");
        for (int i = 0; i < 200; i++) {
            assertEquals(
                    "OK",
                    cluster.send("routed-" + i, RespEncoder.utf8("SET", "routed-" + i, "v" + i))
                            .join());
        }

        long onFirst = command(first, "KEYS", "routed-*").lines().count();
        long onSecond = command(second, "KEYS", "routed-*").lines().count();
        assertEquals(200, onFirst + onSecond);
        assertTrue(onFirst > 0 && onSecond > 0, onFirst + " and " + onSecond);
        assertEquals(List.of(), redirects(first), "no command went to the wrong node");
        assertArrayEquals(bytes("v7"), (byte[])
                cluster.send("routed-7", RespEncoder.utf8("GET", "routed-7")).join());
    }

    @Test
    void aSlotMovedToAnotherNodeIsFollowedThroughMoved() throws Exception {
        String key = keyOnFirst("moving-");
        int slot = HashSlots.of(key);
        cluster.send(key, RespEncoder.utf8("SET", key, "before")).join();

        migrate(slot, key);

        assertArrayEquals(bytes("before"), (byte[])
                cluster.send(key, RespEncoder.utf8("GET", key)).join());
        assertEquals(
                "OK", cluster.send(key, RespEncoder.utf8("SET", key, "after")).join());
        assertEquals("after", command(second, "GET", key));
    }

    @Test
    void aKeyOfASlotBeingMigratedIsReachedThroughAsk() throws Exception {
        String key = keyOnFirst("asked-");
        int slot = HashSlots.of(key);
        command(second, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", id(first));
        command(first, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", id(second));

        assertEquals(
                "OK", cluster.send(key, RespEncoder.utf8("SET", key, "asked")).join());

        assertEquals("1", command(second, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)));
        assertEquals("0", command(first, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)));
        setSlotNode(slot, id(second));
    }

    /** Moves the slot, with its one key, from the first node to the second. */
    private static void migrate(int slot, String key) throws IOException {
        command(second, "CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", id(first));
        command(first, "CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", id(second));
        command(first, "MIGRATE", "127.0.0.1", Integer.toString(second), "", "0", "5000", "KEYS", key);
        setSlotNode(slot, id(second));
    }

    private static void setSlotNode(int slot, String node) throws IOException {
        for (int port : List.of(first, second)) {
            command(port, "CLUSTER", "SETSLOT", Integer.toString(slot), "NODE", node);
        }
    }

    /** A key of a slot the first node serves that no test used yet. */
    private static String keyOnFirst(String prefix) throws IOException {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            int slot = HashSlots.of(key);
            if (slot < HALF
                    && command(first, "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot))
                            .equals("0")
                    && command(first, "CLUSTER", "NODES").lines().noneMatch(line -> line.contains("[" + slot + "-"))) {
                return key;
            }
        }
    }

    private static List<String> redirects(int port) throws IOException {
        return command(port, "INFO", "errorstats")
                .lines()
                .filter(line -> line.startsWith("errorstat_MOVED") || line.startsWith("errorstat_ASK"))
                .toList();
    }

    private static String id(int port) throws IOException {
        return command(port, "CLUSTER", "MYID");
    }

    private static void addSlots(int port, int from, int to) throws IOException {
        List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = from; slot < to; slot++) {
            addSlots.add(Integer.toString(slot));
        }
        command(port, addSlots.toArray(String[]::new));
    }

    private static int start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path dir = Files.createTempDirectory("rmb-resp-cluster-it");
        RedisServer server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("cluster-enabled yes")
                .setting("cluster-announce-ip 127.0.0.1")
                .setting("cluster-config-file " + dir.resolve("nodes.conf"))
                .build();
        server.start();
        SERVERS.add(server);
        return port;
    }

    private static String command(int port, String... args) throws IOException {
        return RedisControl.command(port, args);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
