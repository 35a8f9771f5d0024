package dev.rmbee.relay.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.redis.resp.RespAddress;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespOptions;
import dev.rmbee.redis.resp.RespSubscriber;
import dev.rmbee.testing.Await;
import dev.rmbee.testing.LogCapture;
import dev.rmbee.testing.RedisServerExtension;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wake-up subscription through the RESP client against a real redis-server: a subscription
 * Redis drops is an outage of {@link RedisOutage} (logged when it begins and when it ends), one
 * that Redis refuses is said once however often the subscriber tries again.
 */
class RespWakeTransportIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final Semaphore subscriptions = new Semaphore(0);
    private WakeTransport.Subscription subscription;

    @AfterEach
    void stop() throws IOException {
        if (subscription != null) {
            subscription.close();
        }
        REDIS.command("ACL", "DELUSER", "waker");
    }

    @Test
    void aDroppedSubscriptionIsAnOutageLoggedWhenItBeginsAndWhenItEnds() throws Exception {
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.INFO)) {
            RedisOutage outage = subscribe("redis://127.0.0.1:" + REDIS.port());
            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed");

            REDIS.command("CLIENT", "KILL", "TYPE", "pubsub");

            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed again");
            Await.until(
                    "the outage's end logged",
                    () -> !outage.isDown() && log.texts().size() == 2);
            List<String> lines = log.texts();
            assertTrue(lines.get(0).contains("Redis is unreachable (subscribing to [first, second]"), lines.get(0));
            assertTrue(lines.get(1).startsWith("Redis answers again"), lines.get(1));
        }
    }

    @Test
    void aWrongPasswordIsSaidOnceWhileTheSubscriberKeepsTryingAndItsEndIsSaid() throws Exception {
        REDIS.command("ACL", "SETUSER", "waker", "on", ">right", "&*", "~*", "+@all");
        try (LogCapture log = LogCapture.of(RedisSessionQueues.class, Level.INFO)) {
            long before = connectionsReceived();
            RedisOutage outage = subscribe("redis://waker:wrong@127.0.0.1:" + REDIS.port());

            Await.until("three refused attempts", () -> connectionsReceived() - before >= 3);
            List<String> refusals = log.texts();
            assertEquals(1, refusals.size(), refusals.toString());
            assertTrue(
                    refusals.get(0)
                            .startsWith("redis error: Redis refused the subscription to [first, second] (WRONGPASS"),
                    refusals.get(0));
            assertEquals(Level.WARNING, log.lines().get(0).level());
            assertTrue(!outage.isDown(), "a refusal is no outage");

            REDIS.command("ACL", "SETUSER", "waker", ">wrong");

            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed once allowed");
            Await.until("the end of the refusal logged", () -> log.texts().size() == 2);
            assertTrue(
                    log.texts().get(1).startsWith("Redis allows the subscription to [first, second] again"),
                    log.texts().get(1));
        }
    }

    /**
     * Subscribes through the transport (with a client that only subscribes: no other connection
     * counts among the attempts), the outage ended by a subscription as {@link WakeChannel} does.
     */
    private RedisOutage subscribe(String url) {
        RedisOutage outage = new RedisOutage(Clock.systemUTC());
        RespWakeTransport transport = new RespWakeTransport(new SubscribingOnly(RespAddress.parse(url)), outage);
        subscription = transport.subscribe(List.of("first", "second"), (channel, message) -> {}, () -> {
            outage.answered();
            subscriptions.release();
        });
        return outage;
    }

    private record SubscribingOnly(RespAddress address) implements RespCommands {

        @Override
        public CompletableFuture<Object> send(String key, byte[]... command) {
            throw new UnsupportedOperationException("subscriptions only");
        }

        @Override
        public RespSubscriber subscribe(
                List<String> channels,
                BiConsumer<String, byte[]> listener,
                Runnable onSubscribed,
                Consumer<Throwable> onLost) {
            return RespSubscriber.start(
                    List.of(address), RespOptions.DEFAULTS, channels, listener, onSubscribed, onLost);
        }

        @Override
        public void close() {}
    }

    private static long connectionsReceived() throws IOException {
        String info = REDIS.command("INFO", "stats");
        for (String line : info.split("\r\n")) {
            if (line.startsWith("total_connections_received:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no total_connections_received in " + info);
    }
}
