package dev.rmbee.relay.redis;

import dev.rmbee.async.AsyncResults;
import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * The wake-ups through the hot path's RESP client: {@code PUBLISH} as one of its commands (it
 * fails after the client's command timeout, the limits' timeout), the subscription on a connection
 * of its own ({@link RespSubscriber}), whose thread hands each message to the listeners. A
 * subscription lost because Redis did not answer is a failure of the outage tracker like any
 * command's; one that Redis refused (a wrong password, an ACL without {@code SUBSCRIBE}) is logged
 * once, as a warning, until a subscription succeeds again: the subscriber keeps trying.
 */
final class RespWakeTransport implements WakeTransport {

    private static final Logger LOG = Logger.getLogger(RedisSessionQueues.class.getName());
    private static final byte[] PUBLISH = "PUBLISH".getBytes(StandardCharsets.US_ASCII);

    private final RespCommands redis;
    private final RedisOutage outage;

    RespWakeTransport(RespCommands redis, RedisOutage outage) {
        this.redis = redis;
        this.outage = outage;
    }

    @Override
    public CompletionStage<?> publish(String channel, String message) {
        return redis.send(null, PUBLISH, utf8(channel), utf8(message));
    }

    @Override
    public Subscription subscribe(List<String> channels, BiConsumer<String, String> onMessage, Runnable onSubscribed) {
        AtomicBoolean refusalLogged = new AtomicBoolean();
        RespSubscriber subscriber = redis.subscribe(
                channels,
                (channel, message) -> onMessage.accept(channel, new String(message, StandardCharsets.UTF_8)),
                () -> {
                    if (refusalLogged.getAndSet(false)) {
                        LOG.info(() -> "Redis allows the subscription to " + channels + " again: wake-ups are heard");
                    }
                    onSubscribed.run();
                },
                why -> lost(channels, why, refusalLogged));
        return () -> {
            subscriber.close();
            return CompletableFuture.completedFuture(null);
        };
    }

    private void lost(List<String> channels, Throwable why, AtomicBoolean refusalLogged) {
        if (!outage.failed("subscribing to " + channels, why) && refusalLogged.compareAndSet(false, true)) {
            LOG.warning(() -> "redis error: Redis refused the subscription to " + channels + " ("
                    + AsyncResults.describe(why) + "); this instance hears no wake-ups until it is allowed"
                    + " (it keeps trying, and says when it is subscribed)");
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
