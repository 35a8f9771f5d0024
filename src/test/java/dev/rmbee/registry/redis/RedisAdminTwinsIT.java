package dev.rmbee.registry.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.registry.AdminStoreException;
import dev.rmbee.registry.LocalTwinRegistry;
import dev.rmbee.registry.RegistryFiles;
import dev.rmbee.registry.Twin;
import dev.rmbee.registry.TwinFiles;
import dev.rmbee.registry.TwinSource;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.api.RedissonClient;
import redis.embedded.RedisServer;

/**
 * Registry instances sharing the administrator's twins through one real Redis: a change on one is
 * seen by the others, also by one that starts later, and a full read after a reconnect makes up
 * for what was missed.
 */
class RedisAdminTwinsIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static final Duration FIRST_READ = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<RedissonClient> clients = new ArrayList<>();
    private final List<RedisAdminTwins> instances = new ArrayList<>();

    @BeforeEach
    void emptyRedis() throws Exception {
        REDIS.command("FLUSHALL");
    }

    @AfterEach
    void stopInstances() {
        instances.forEach(RedisAdminTwins::close);
        clients.forEach(RedissonClient::shutdown);
        scheduler.shutdownNow();
    }

    private static Twin twin(int id, String relay) {
        return new Twin(id, new byte[32], Set.of(relay), null);
    }

    /** An instance with these file twins, started and past its first read of the hash. */
    private RedisAdminTwins instance(LocalTwinRegistry registry, Twin... fileTwins) {
        registry.replaceFileTwins(List.of(fileTwins));
        RedissonClient client = TestRedisson.connect(REDIS.address(), 2);
        clients.add(client);
        RedisAdminTwins shared = new RedisAdminTwins(registry, client, scheduler);
        instances.add(shared);
        shared.start();
        assertTrue(shared.awaitFirstRead(FIRST_READ), "first read of the hash");
        return shared;
    }

    private static void awaitTwin(String what, LocalTwinRegistry registry, int id, Optional<Twin> expected) {
        Await.until(what, () -> registry.find(id).equals(expected));
    }

    @Test
    void putsAndDeletionsReachTheOtherInstanceAndOneStartedLater() throws Exception {
        LocalTwinRegistry a = new LocalTwinRegistry();
        LocalTwinRegistry b = new LocalTwinRegistry();
        RedisAdminTwins onA = instance(a, twin(1, "file"));
        RedisAdminTwins onB = instance(b, twin(1, "file"));

        assertEquals(Optional.empty(), onA.put(twin(7, "admin")));
        assertEquals(Optional.of(twin(7, "admin")), a.find(7), "at once on the instance that took it");
        awaitTwin("twin 7 put on A, on B", b, 7, Optional.of(twin(7, "admin")));
        assertEquals(Optional.of(twin(7, "admin")), onB.delete(7));
        assertEquals(Optional.of(twin(1, "file")), onB.delete(1));
        onA.put(twin(8, "admin"));
        awaitTwin("twin 7 deleted on B, on A", a, 7, Optional.empty());
        awaitTwin("the file's twin 1 deleted on B, on A", a, 1, Optional.empty());
        awaitTwin("twin 8 put on A, on B", b, 8, Optional.of(twin(8, "admin")));

        LocalTwinRegistry c = new LocalTwinRegistry();
        instance(c, twin(1, "file"), twin(7, "file"));

        assertEquals(List.of(twin(8, "admin")), c.all(), "the deletions hide C's file twins 1 and 7");
        assertEquals(TwinSource.ADMIN, c.entry(8).orElseThrow().source());
        String stored = REDIS.command("HGET", RedisAdminTwins.HASH, "8");
        assertTrue(stored.startsWith("{\"id\":8,\"rev\":") && stored.contains(",\"twin\":{\"id\":8,"), stored);
    }

    @Test
    void aReloadOnOneInstanceLetsTheFilesWinOnEvery() throws Exception {
        Path file =
                Files.writeString(dir.resolve("twins.json"), "{\"twins\":[" + TwinFiles.toJson(twin(1, "file")) + "]}");
        LocalTwinRegistry a = new LocalTwinRegistry();
        LocalTwinRegistry b = new LocalTwinRegistry();
        RedisAdminTwins onA = instance(a, twin(1, "file"));
        instance(b, twin(1, "file"));
        onA.put(twin(1, "admin"));
        onA.put(twin(2, "admin"));
        awaitTwin("twin 1 put on A, on B", b, 1, Optional.of(twin(1, "admin")));

        LocalTwinRegistry.Reload reload = onA.reload(RegistryFiles.of(Optional.of(file.toString())));

        assertEquals(new LocalTwinRegistry.Reload(1, 0, 1, 0), reload);
        assertEquals(Optional.of(twin(1, "file")), a.find(1));
        awaitTwin("the file's twin 1 again on B", b, 1, Optional.of(twin(1, "file")));
        assertEquals(Optional.of(twin(2, "admin")), b.find(2), "the admin's other twins stay");
        assertEquals(null, REDIS.command("HGET", RedisAdminTwins.HASH, "1"), "gone from the hash");
    }

    @Test
    void aChangeMissedWhileTheSubscriptionWasDownIsReadAfterTheReconnect() throws Exception {
        LocalTwinRegistry a = new LocalTwinRegistry();
        LocalTwinRegistry b = new LocalTwinRegistry();
        RedisAdminTwins onA = instance(a);
        instance(b);
        onA.put(twin(3, "admin"));
        awaitTwin("twin 3 on B", b, 3, Optional.of(twin(3, "admin")));

        // a change whose announcement nobody got: written straight into the hash, later than any
        String revision = Long.toString(Long.parseLong(REDIS.command("HGET", RedisAdminTwins.HASH, "revision")) + 1);
        REDIS.command(
                "HSET",
                RedisAdminTwins.HASH,
                "revision",
                revision,
                "4",
                "{\"id\":4,\"rev\":" + revision + "," + SharedEdit.putTail(twin(4, "unannounced")));
        REDIS.command("CLIENT", "KILL", "TYPE", "pubsub");

        awaitTwin("twin 4 on A after its resubscription", a, 4, Optional.of(twin(4, "unannounced")));
        awaitTwin("twin 4 on B after its resubscription", b, 4, Optional.of(twin(4, "unannounced")));
        assertEquals(Optional.of(twin(3, "admin")), b.find(3));
    }

    @Test
    void whileRedisIsAwayAChangeFailsAndChangesNothingAndThenTheViewFollowsRedisAgain() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        RedisServer redis = ownRedis(port);
        redis.start();
        try {
            LocalTwinRegistry a = new LocalTwinRegistry();
            a.replaceFileTwins(List.of(twin(1, "file")));
            RedissonClient client = TestRedisson.connect("redis://127.0.0.1:" + port, 2);
            clients.add(client);
            RedisAdminTwins onA = new RedisAdminTwins(a, client, scheduler);
            instances.add(onA);
            onA.start();
            assertTrue(onA.awaitFirstRead(FIRST_READ));
            onA.put(twin(5, "admin"));
            redis.stop();

            assertThrows(AdminStoreException.class, () -> onA.put(twin(6, "admin")));
            assertThrows(AdminStoreException.class, () -> onA.delete(1));

            assertEquals(List.of(twin(1, "file"), twin(5, "admin")), a.all(), "nothing changed, the known twins stay");
            redis = ownRedis(port); // a Redis that kept nothing
            redis.start();
            LocalTwinRegistry expected = a;
            Await.until(
                    "the view following the new Redis, which has no admin twins",
                    () -> expected.all().equals(List.of(twin(1, "file"))));
            onA.put(twin(7, "admin"));
            assertEquals(Optional.of(twin(7, "admin")), a.find(7));
        } finally {
            redis.stop();
        }
    }

    private static RedisServer ownRedis(int port) throws Exception {
        return RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
    }
}
