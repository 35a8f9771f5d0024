package dev.rmbee.federation.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.federation.ReplayKey;
import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespNode;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.RedisMonitor;
import dev.rmbee.testing.RedisServerExtension;
import dev.rmbee.testing.TestRedisson;
import dev.rmbee.testing.TestTwins;
import dev.rmbee.wire.SessionKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

/** The federation ingress's replay memory in a real redis-server, as two relay instances share it. */
class RedisReplayGuardIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static RedissonClient first;
    private static RedissonClient second;

    @BeforeAll
    static void connect() {
        first = TestRedisson.connect(REDIS.address(), 4);
        second = TestRedisson.connect(REDIS.address(), 4);
    }

    @AfterAll
    static void disconnect() {
        first.shutdown(0, 5, TimeUnit.SECONDS);
        second.shutdown(0, 5, TimeUnit.SECONDS);
    }

    private static ReplayKey key(String text) {
        return ReplayKey.of(TestTwins.request(SessionKey.of(1), SessionKey.of(2), text));
    }

    private static boolean firstTime(RedisReplayGuard guard, ReplayKey key, Duration ttl) {
        return guard.firstTime(key, ttl).toCompletableFuture().join();
    }

    @Test
    void twoInstancesShareOneMemoryWrittenWithSetNxPx() throws Exception {
        RedisReplayGuard one = new RedisReplayGuard(first, Runnable::run);
        RedisReplayGuard other = new RedisReplayGuard(second, Runnable::run);
        ReplayKey key = key("shared");
        String name = "rmb.federation.seen:" + key.hex();
        try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
            assertTrue(firstTime(one, key, Duration.ofSeconds(300)));
            assertEquals(
                    "\"SET\" \"" + name + "\" \"1\" \"PX\" \"300000\" \"NX\"",
                    RedisMonitor.command(monitor.next("\"SET\"")));
        }
        assertFalse(firstTime(other, key, Duration.ofSeconds(300)), "the other instance sees it");
        assertFalse(firstTime(one, key, Duration.ofSeconds(300)));
        long pttl = Long.parseLong(REDIS.command("PTTL", name).trim());
        assertTrue(pttl > 0 && pttl <= 300_000, "expires with the envelope's TTL: " + pttl);
    }

    @Test
    void forgottenKeysAndExpiredKeysAreFirstTimeAgain() throws Exception {
        RedisReplayGuard guard = new RedisReplayGuard(first, Runnable::run);
        ReplayKey forgotten = key("forgotten");
        assertTrue(firstTime(guard, forgotten, Duration.ofMinutes(5)));
        guard.forget(forgotten).toCompletableFuture().join();
        assertTrue(firstTime(guard, forgotten, Duration.ofMinutes(5)), "a forgotten key counts as new");

        ReplayKey shortLived = key("short-lived");
        assertTrue(firstTime(guard, shortLived, Duration.ofMillis(50)));
        Await.until(
                "Redis forgets the key after its TTL",
                () -> REDIS.command("EXISTS", "rmb.federation.seen:" + shortLived.hex())
                        .trim()
                        .equals("0"));
        assertTrue(firstTime(guard, shortLived, Duration.ofMillis(50)));
    }

    /** On the relay's pipelined RESP client: the same commands, one memory with an instance on Redisson. */
    @Test
    void onTheRespClientTheCommandsAndTheMemoryAreTheSame() throws Exception {
        try (RespNode resp = RespNode.connect(RespAddress.parse(REDIS.address()), RespOptions.DEFAULTS)) {
            RedisReplayGuard onResp = new RedisReplayGuard(first, resp, Runnable::run);
            RedisReplayGuard onRedisson = new RedisReplayGuard(second, Runnable::run);
            ReplayKey key = key("on resp");
            String name = "rmb.federation.seen:" + key.hex();
            try (RedisMonitor monitor = new RedisMonitor(REDIS.port())) {
                assertTrue(firstTime(onResp, key, Duration.ofSeconds(300)));
                assertEquals(
                        "\"SET\" \"" + name + "\" \"1\" \"PX\" \"300000\" \"NX\"",
                        RedisMonitor.command(monitor.next("\"SET\"")));
            }
            assertFalse(firstTime(onRedisson, key, Duration.ofSeconds(300)), "the other instance sees it");
            assertFalse(firstTime(onResp, key, Duration.ofSeconds(300)), "and so does this one");

            onResp.forget(key).toCompletableFuture().join();
            assertEquals("0", REDIS.command("EXISTS", name).trim());
            assertTrue(firstTime(onRedisson, key, Duration.ofSeconds(300)), "a forgotten key counts as new");
        }
    }
}
