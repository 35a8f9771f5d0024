package dev.rmbee.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespSubscriber;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** The one Redis client goes down after its owner and every user let go of it, in whatever order. */
class SharedRedisTest {

    private final AtomicInteger shutdowns = new AtomicInteger();
    private final RedissonClient client = (RedissonClient) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {RedissonClient.class}, (proxy, method, args) -> {
                if (method.getName().equals("shutdown")) {
                    shutdowns.incrementAndGet();
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final SharedRedis redis = SharedRedis.of(client, "redis://host:6379", false);

    @Test
    void usersThatLeaveAfterTheOwnerKeepTheClientUntilTheLastIsDone() {
        assertSame(client, redis.use().orElseThrow());
        assertSame(client, redis.use().orElseThrow());
        redis.close();
        assertEquals(0, shutdowns.get(), "two users still run on it");
        redis.release();
        assertEquals(0, shutdowns.get());
        redis.release();
        assertEquals(1, shutdowns.get());
    }

    @Test
    void usersThatLeaveBeforeTheOwnerLetItShutTheClientDown() {
        redis.use().orElseThrow();
        redis.release();
        assertEquals(0, shutdowns.get(), "the owner has not closed it");
        redis.close();
        assertEquals(1, shutdowns.get());
        redis.release();
        redis.close();
        assertEquals(1, shutdowns.get(), "shut down once");
    }

    @Test
    void theHotPathsRespClientIsClosedWithTheClientAfterItsLastUser() {
        AtomicInteger closes = new AtomicInteger();
        RespCommands hot = new RespCommands() {
            @Override
            public CompletableFuture<Object> send(String key, byte[]... command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RespSubscriber subscribe(
                    List<String> channels,
                    BiConsumer<String, byte[]> listener,
                    Runnable onSubscribed,
                    Consumer<Throwable> onLost) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        SharedRedis withHot = SharedRedis.of(client, hot, "redis://host:6379", false);

        withHot.use().orElseThrow();
        assertSame(hot, withHot.hot().orElseThrow());
        withHot.close();
        assertEquals(0, closes.get(), "a user still runs on it");
        withHot.release();

        assertEquals(1, closes.get());
        assertEquals(1, shutdowns.get());
        assertTrue(redis.hot().isEmpty(), "Redisson serves the hot path by default");
    }

    @Test
    void aClosingClientTakesNoNewUser() {
        redis.use().orElseThrow();
        redis.close();
        assertThrows(IllegalStateException.class, redis::use);
    }

    @Test
    void withoutRedisThereIsNothingToUseOrShutDown() {
        SharedRedis none = SharedRedis.none();
        assertFalse(none.isPresent());
        assertTrue(none.use().isEmpty());
        none.close();
        assertTrue(redis.isPresent());
    }
}
