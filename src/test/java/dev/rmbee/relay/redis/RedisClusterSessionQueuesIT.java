package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.relay.QueuedMessage;
import dev.rmbee.relay.SessionQueues;
import dev.rmbee.relay.SessionQueuesContract;
import dev.rmbee.relay.budget.QueueFullException;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisControl;
import dev.rmbee.wire.SessionKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.embedded.RedisServer;

/**
 * The contract against a one-node Redis Cluster (redis-server with {@code cluster-enabled yes},
 * owning every slot): Redis refuses there any command or script whose keys lie in different hash
 * slots ({@code CROSSSLOT}), so this shows that the append and acknowledgement scripts keep a
 * stream and its companion hash together, and that the wake-up is published after the script.
 */
class RedisClusterSessionQueuesIT extends SessionQueuesContract {

    private static final int SLOTS = 16384;

    private static RedisServer server;
    private static int port;
    private static RedissonClient client;
    private static ScheduledThreadPoolExecutor executor;

    @BeforeAll
    static void startCluster() throws Exception {
        port = freePort();
        Path dir = Files.createTempDirectory("rmb-cluster-it");
        server = RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("cluster-enabled yes")
                .setting("cluster-announce-ip 127.0.0.1")
                .setting("cluster-config-file " + dir.resolve("nodes.conf"))
                .build();
        server.start();
        List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = 0; slot < SLOTS; slot++) {
            addSlots.add(Integer.toString(slot));
        }
        command(addSlots.toArray(new String[0]));
        Await.until(
                "the one-node cluster to be ok",
                () -> command("CLUSTER", "INFO").contains("cluster_state:ok"));
        Config config = new Config();
        config.setNettyThreads(4);
        config.useClusterServers()
                .addNodeAddress("redis://127.0.0.1:" + port)
                .setMasterConnectionMinimumIdleSize(1)
                .setMasterConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2);
        client = Redisson.create(config);
        executor = new ScheduledThreadPoolExecutor(2);
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (client != null) {
            client.shutdown(0, 5, TimeUnit.SECONDS);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (server != null) {
            server.stop();
        }
    }

    private static String command(String... args) throws IOException {
        return RedisControl.command(port, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        command("FLUSHALL");
    }

    @Override
    protected SessionQueues newQueues(int maxLength, Duration expiry) {
        assertTrue(client.getConfig().isClusterConfig());
        return new RedisSessionQueues(
                client, executor, maxLength, expiry, counters, RedisQueueLimits.DEFAULTS, hotClient(port));
    }

    /** The RESP client of the appends ({@code rmb.redis.hot-client=resp}); null: Redisson. */
    dev.rmbee.redis.resp.RespCommands hotClient(int clusterPort) {
        return null;
    }

    /** As in {@link RedisSessionQueuesIT#elapse}: shortens what each key has left to live. */
    @Override
    protected void elapse(Duration time) throws Exception {
        for (String key : command("KEYS", "*").split("\n")) {
            long left = key.isEmpty() ? -2 : Long.parseLong(command("PTTL", key));
            if (left >= 0) {
                command("PEXPIRE", key, Long.toString(left - time.toMillis()));
            }
        }
    }

    @Override
    protected void awaitListening(SessionQueues queues) throws Exception {
        ((RedisSessionQueues) queues).listening().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aStreamAndItsCompanionShareASlotWhateverTheSessionId() throws Exception {
        SessionQueues queues = open(4, Duration.ofHours(1));
        for (String sid : List.of("abc", "x{y}z", "a{b", "a}b")) {
            SessionKey session = SessionKey.parse("12:" + sid);
            String stream = RedisSessionQueues.streamKey(session);
            Optional<String> counts = SenderShares.countsKey(stream);
            append(queues, session, "a", "b");
            assertEquals(counts.isEmpty(), tryAppendTo(queues, session), "half of 4 for a sender, if counted");
            if (counts.isPresent()) {
                assertEquals(slot(stream), slot(counts.get()), stream + " and " + counts.get() + " in one slot");
                assertEquals("2", command("HGET", counts.get(), "c:0"));
            }
            for (QueuedMessage message : read(queues, session, null, 10)) {
                queues.acknowledge(session, message.id());
            }
            awaitContents(queues, session, List.of());
            if (counts.isPresent()) {
                assertEquals("0", command("HEXISTS", counts.get(), "c:0"), "acknowledged: no longer counted");
            }
            assertEquals(0L, queues.purgeQueue(session).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals("0", command("EXISTS", stream));
        }
    }

    private static boolean tryAppendTo(SessionQueues queues, SessionKey session) throws Exception {
        try {
            append(queues, session, "c");
            return true;
        } catch (ExecutionException refused) {
            assertInstanceOf(QueueFullException.class, refused.getCause());
            return false;
        }
    }

    private static long slot(String key) throws IOException {
        return Long.parseLong(command("CLUSTER", "KEYSLOT", key));
    }
}
