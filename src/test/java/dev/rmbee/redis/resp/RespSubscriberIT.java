package dev.rmbee.redis.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rmbee.testing.RedisServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RespSubscriberIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final Semaphore subscriptions = new Semaphore(0);
    private final BlockingQueue<Throwable> losses = new LinkedBlockingQueue<>();

    @Test
    void theMessagesOfEveryChannelArriveInOrderAfterTheSubscription() throws Exception {
        RespSubscriber subscriber = subscribe("redis://127.0.0.1:" + REDIS.port());
        try {
            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed");

            REDIS.command("PUBLISH", "first", "1");
            REDIS.command("PUBLISH", "second", "2");
            REDIS.command("PUBLISH", "elsewhere", "not heard");
            REDIS.command("PUBLISH", "first", "3");

            assertEquals("first 1", heard.poll(30, TimeUnit.SECONDS));
            assertEquals("second 2", heard.poll(30, TimeUnit.SECONDS));
            assertEquals("first 3", heard.poll(30, TimeUnit.SECONDS));
        } finally {
            subscriber.close();
        }
    }

    @Test
    void aDroppedConnectionIsSubscribedAgainAndSaysSo() throws Exception {
        RespSubscriber subscriber = subscribe("redis://127.0.0.1:" + REDIS.port());
        try {
            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed");

            REDIS.command("CLIENT", "KILL", "TYPE", "pubsub");

            assertInstanceOf(IOException.class, losses.poll(30, TimeUnit.SECONDS), "the loss, told");
            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed again");
            REDIS.command("PUBLISH", "second", "after");
            assertEquals("second after", heard.poll(30, TimeUnit.SECONDS));
        } finally {
            subscriber.close();
        }
    }

    @Test
    void aPasswordInTheUrlAuthenticatesTheSubscription() throws Exception {
        REDIS.command("ACL", "SETUSER", "listener", "on", ">s3cret", "&*", "~*", "+@all");
        RespSubscriber subscriber = subscribe("redis://listener:s3cret@127.0.0.1:" + REDIS.port());
        try {
            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed");
            REDIS.command("PUBLISH", "first", "authenticated");
            assertEquals("first authenticated", heard.poll(30, TimeUnit.SECONDS));
        } finally {
            subscriber.close();
            REDIS.command("ACL", "DELUSER", "listener");
        }
    }

    @Test
    void aWrongPasswordIsToldAsRedisRefusalAtEveryAttempt() throws Exception {
        REDIS.command("ACL", "SETUSER", "intruder", "on", ">right", "&*", "~*", "+@all");
        RespSubscriber subscriber = subscribe("redis://intruder:wrong@127.0.0.1:" + REDIS.port());
        try {
            for (int attempt = 1; attempt <= 2; attempt++) {
                Throwable refusal = losses.poll(30, TimeUnit.SECONDS);
                RespError error = assertInstanceOf(RespError.class, refusal, "attempt " + attempt);
                assertEquals("WRONGPASS", error.kind());
            }
            assertEquals(0, subscriptions.availablePermits(), "never subscribed");
        } finally {
            subscriber.close();
            REDIS.command("ACL", "DELUSER", "intruder");
        }
    }

    @Test
    void anAclWithoutTheChannelsIsToldAsRedisRefusalAndTheSubscriptionFollowsWhenAllowed() throws Exception {
        REDIS.command("ACL", "SETUSER", "muted", "reset", "on", ">s3cret", "~*", "+@all", "resetchannels");
        RespSubscriber subscriber = subscribe("redis://muted:s3cret@127.0.0.1:" + REDIS.port());
        try {
            RespError error = assertInstanceOf(RespError.class, losses.poll(30, TimeUnit.SECONDS));
            assertEquals("NOPERM", error.kind());

            REDIS.command("ACL", "SETUSER", "muted", "allchannels");

            assertTrue(subscriptions.tryAcquire(30, TimeUnit.SECONDS), "subscribed once allowed");
        } finally {
            subscriber.close();
            REDIS.command("ACL", "DELUSER", "muted");
        }
    }

    private RespSubscriber subscribe(String url) {
        return RespSubscriber.start(
                List.of(RespAddress.parse(url)),
                RespOptions.DEFAULTS,
                List.of("first", "second"),
                (channel, message) -> heard.add(channel + " " + new String(message, StandardCharsets.UTF_8)),
                subscriptions::release,
                losses::add);
    }
}
