package dev.rmbee.relay.redis;

import dev.rmbee.redis.resp.RespCommands;
import dev.rmbee.redis.resp.RespSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The wake-ups through the hot path's RESP client: {@code PUBLISH} as one of its commands (it
 * fails after the limits' timeout), the subscription on a connection of its own ({@link
 * RespSubscriber}), whose thread hands each message to the listeners.
 */
final class RespWakeTransport implements WakeTransport {

    private static final byte[] PUBLISH = "PUBLISH".getBytes(StandardCharsets.US_ASCII);

    private final RespCommands redis;
    private final long timeoutMillis;

    RespWakeTransport(RespCommands redis, RedisQueueLimits limits) {
        this.redis = redis;
        this.timeoutMillis = limits.timeout().toMillis();
    }

    @Override
    public CompletionStage<?> publish(String channel, String message) {
        return redis.send(null, PUBLISH, utf8(channel), utf8(message)).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public Subscription subscribe(List<String> channels, BiConsumer<String, String> onMessage, Runnable onSubscribed) {
        RespSubscriber subscriber = redis.subscribe(
                channels,
                (channel, message) -> onMessage.accept(channel, new String(message, StandardCharsets.UTF_8)),
                onSubscribed);
        return () -> {
            subscriber.close();
            return CompletableFuture.completedFuture(null);
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
