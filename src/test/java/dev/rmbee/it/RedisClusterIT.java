package dev.rmbee.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rmbee.auth.RelayTokens;
import dev.rmbee.identity.Signer;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.BuildRedisCluster;
import dev.rmbee.testing.EmbeddedRelayServer;
import dev.rmbee.testing.HealthProbe;
import dev.rmbee.testing.RelayAdmin;
import dev.rmbee.testing.ServerLogs;
import dev.rmbee.testing.TestEnvelopes;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.testing.TwinSocket;
import dev.rmbee.wire.SessionKey;
import dev.rmbee.wire.Uids;
import dev.rmbee.wire.proto.Types.Envelope;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One relay as two instances on a 3-master Redis Cluster (the build's {@link BuildRedisCluster} and
 * its servers {@code cluster-a}, given the three nodes' URLs, and {@code cluster-b}, given one node and
 * {@code rmb.redis.cluster=true}), reached by real WebSocket clients: the same checks as on one Redis.
 * A twin on A and a twin on B call each other; messages for an offline twin wait in the cluster and
 * reach it on the other instance; envelopes for a twin of relay 2 go through the cluster-backed
 * federation queue; an admin change on A is seen on B. After each test no node has answered a command
 * with a cluster error ({@link BuildRedisCluster#CLUSTER_ERRORS}: a command for a key of another node,
 * or naming keys of several slots) and no log line of either server names one.
 */
class RedisClusterIT {

    private static final Instance A = new Instance("cluster-a", Integer.getInteger("it.cluster.a.port", 9192));
    private static final Instance B = new Instance("cluster-b", Integer.getInteger("it.cluster.b.port", 9193));

    /** The build starts both servers without waiting for them; they start while other tests run. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

    /** A cluster error as Redisson's exceptions or Redis's replies word it in a log line. */
    private static final Pattern CLUSTER_ERROR_LINE =
            Pattern.compile("\\b(CROSSSLOT|MOVED \\d+|ASK \\d+|TRYAGAIN|CLUSTERDOWN)\\b");

    /** A twin the admin API adds for {@link #anAdminChangeOnOneInstanceIsSeenOnTheOther}. */
    private static final int ADMIN_TWIN = 4190;

    private record Instance(String defaultName, int port) {
        String name() {
            return System.getProperty("it." + defaultName.replace('-', '.') + ".server.name", defaultName);
        }

        String hostAndPort() {
            return "127.0.0.1:" + port;
        }

        URI webSocket() {
            return URI.create("ws://" + hostAndPort() + "/");
        }

        RelayAdmin admin() {
            return RelayAdmin.of(hostAndPort());
        }

        TwinSocket connect(SessionKey session) throws Exception {
            return TwinSocket.connectAs(webSocket(), session);
        }
    }

    @BeforeAll
    static void awaitBothInstancesReady() {
        for (Instance instance : List.of(A, B)) {
            Await.until(
                    instance.name() + " ready on the Redis Cluster",
                    () -> HealthProbe.of(instance.hostAndPort()).ready().httpStatus() == 200,
                    START_TIMEOUT);
        }
    }

    @AfterEach
    void noClusterErrorOnAnyNodeNorInTheLogs() throws IOException {
        for (int port : BuildRedisCluster.ports()) {
            Map<String, Long> errors = BuildRedisCluster.errorCounts(port);
            for (String kind : BuildRedisCluster.CLUSTER_ERRORS) {
                assertEquals(null, errors.get(kind), kind + " errors of node " + port + " (all: " + errors + ")");
            }
        }
        List<String> lines = new ArrayList<>();
        for (Instance instance : List.of(A, B)) {
            lines.addAll(clusterErrorLines(ServerLogs.dir(instance.name())));
        }
        assertEquals(List.of(), lines, "log lines naming a cluster error");
    }

    private static SessionKey session(int twin, String role) {
        return new SessionKey(twin, "cluster-" + role + "-" + Uids.next());
    }

    @Test
    void twinsOnTheTwoInstancesCallEachOther() throws Exception {
        SessionKey alice = session(1, "on-a");
        SessionKey bob = session(2, "on-b");
        try (TwinSocket onA = A.connect(alice);
                TwinSocket onB = B.connect(bob)) {
            Envelope request = TestEnvelopes.request(alice, bob, "cluster.echo")
                    .payload("from A to B")
                    .signed();
            onA.send(request);
            assertEquals(request, onB.nextEnvelope("alice's request, queued by A, delivered by B"));
            onB.send(TestEnvelopes.response(request).payload("from B to A").signed());
            Envelope response = onA.nextEnvelope("bob's response, queued by B, delivered by A");
            assertEquals(request.getUid(), response.getUid());
            assertArrayEquals(
                    "from B to A".getBytes(StandardCharsets.UTF_8),
                    response.getPlain().toByteArray());

            Envelope back = TestEnvelopes.request(bob, alice, "cluster.echo")
                    .payload("from B to A, asking")
                    .signed();
            onB.send(back);
            assertEquals(back, onA.nextEnvelope("bob's request, queued by B, delivered by A"));
        }
    }

    @Test
    void messagesForAnOfflineTwinWaitInTheClusterAndReachItOnTheOtherInstance() throws Exception {
        SessionKey alice = session(1, "sender");
        SessionKey dave = session(4, "offline");
        List<Envelope> sent = new ArrayList<>();
        try (TwinSocket onA = A.connect(alice)) {
            for (int i = 0; i < 3; i++) {
                Envelope request = TestEnvelopes.request(alice, dave, "cluster.later")
                        .payload("queued " + i)
                        .signed();
                onA.send(request);
                sent.add(request);
            }
            String queue = "/admin/queues/4/" + dave.sid();
            Await.value(
                    "three messages in dave's queue, as instance B sees the cluster",
                    () -> Optional.of(RelayAdmin.json(B.admin().call("GET", queue)))
                            .filter(json -> json.getInt("messages") == 3));
        }
        try (TwinSocket daveOnB = B.connect(dave)) {
            assertEquals(sent, daveOnB.collect("the three queued requests, in order", 3));
        }
    }

    /**
     * One envelope sent on each instance: the relay's one federation queue (a stream in the cluster)
     * takes both, and whichever instance's workers take an entry post it to relay 2.
     */
    @Test
    void theFederationQueueOnTheClusterCarriesEnvelopesToRelay2() throws Exception {
        SessionKey grace = new SessionKey(7, "cluster-federation-" + Uids.next());
        long postedBefore = postsAcceptedByRelay2();
        try (TwinSocket graceOnRelay2 = TwinSocket.connectAs(EmbeddedRelayServer.webSocket(), grace)) {
            for (Instance instance : List.of(A, B)) {
                SessionKey alice = session(1, "federating");
                try (TwinSocket onInstance = instance.connect(alice)) {
                    Envelope request = TestEnvelopes.request(alice, grace, "cluster.federated")
                            .payload("from " + instance.name())
                            .expiration(60)
                            .signed();
                    onInstance.send(request);
                    assertEquals(
                            request,
                            graceOnRelay2.nextEnvelope("the request alice sent on " + instance.name()),
                            "queued in the cluster's federation stream, posted to relay 2, byte for byte");
                }
            }
        }
        Await.until(
                "the two instances' workers counting both POSTs accepted by relay 2",
                () -> postsAcceptedByRelay2() >= postedBefore + 2);
    }

    /** The POSTs relay 2 accepted from the workers of either instance ({@code GET /admin/federation}). */
    private static long postsAcceptedByRelay2() throws Exception {
        long accepted = 0;
        for (Instance instance : List.of(A, B)) {
            accepted += RelayAdmin.json(instance.admin().call("GET", "/admin/federation"))
                    .getJsonArray("relays")
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .filter(relay -> relay.getString("relay").equals(EmbeddedRelayServer.domain()))
                    .mapToLong(relay -> relay.getJsonNumber("success").longValue())
                    .sum();
        }
        return accepted;
    }

    @Test
    void anAdminChangeOnOneInstanceIsSeenOnTheOther() throws Exception {
        Signer ferdie = TestTwins.signer(6); // frank's key, //Ferdie (sr25519)
        String account = "0x" + HexFormat.of().formatHex(ferdie.publicKey());
        long now = TestEnvelopes.now();
        String token = RelayTokens.create(ferdie, ADMIN_TWIN, null, now, now + 300);
        try {
            A.admin().putTwin(ADMIN_TWIN, account, List.of("localhost"));
            JsonObject onB = Await.value(
                    "twin " + ADMIN_TWIN + ", put on A, listed by B",
                    () -> Optional.of(B.admin().call("GET", "/admin/twins/" + ADMIN_TWIN))
                            .filter(response -> response.statusCode() == 200)
                            .map(RelayAdmin::json));
            assertEquals(account, onB.getString("account"));
            try (TwinSocket socket = TwinSocket.connect(B.webSocket(), token)) {
                socket.send(TestEnvelopes.ping(SessionKey.of(ADMIN_TWIN))
                        .uid("cluster-admin-ping")
                        .expiration(40)
                        .build());
                assertEquals(
                        "cluster-admin-ping", socket.nextEnvelope("B's pong").getUid());
            }
        } finally {
            A.admin().deleteTwin(ADMIN_TWIN);
        }
        Await.until(
                "twin " + ADMIN_TWIN + ", deleted on A, refused by B",
                () -> B.admin().call("GET", "/admin/twins/" + ADMIN_TWIN).statusCode() == 404);
    }

    /** The lines naming a cluster error in the server's log files written during this build. */
    private static List<String> clusterErrorLines(Path logs) throws IOException {
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        Path mark = Path.of(System.getProperty("it.log-scan.since", "target/it-log-scan.since"));
        FileTime since = Files.exists(mark) ? Files.getLastModifiedTime(mark) : FileTime.fromMillis(0);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(logs)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        List<String> found = new ArrayList<>();
        for (Path file : files) {
            if (Files.getLastModifiedTime(file).compareTo(since) < 0) {
                continue;
            }
            try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
                lines.filter(line -> CLUSTER_ERROR_LINE.matcher(line).find())
                        .forEach(line -> found.add(logs.relativize(file) + ": " + line));
            }
        }
        return found;
    }
}
